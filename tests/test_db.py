from sqlalchemy import inspect, select

from siyu.db.models import OrgUnit, Persona, Staff, User
from siyu.db.session import migrate


def test_migrations_create_tables_and_rerun_cleanly(workspace):
    engine = workspace.engine
    migrate(workspace.settings.database_url)  # second run is a no-op
    tables = set(inspect(engine).get_table_names())
    assert {"org_units", "staff", "personas", "users"} <= tables


def test_organisation_staff_persona_crud(workspace):
    with workspace.session() as s:
        head = OrgUnit(org_id="HO", name="总行", kind="head_office")
        branch = OrgUnit(org_id="B1", name="杭州分行", kind="branch", parent=head, city="杭州")
        s.add(OrgUnit(org_id="B1S1", name="西湖支行", kind="sub_branch", parent=branch, city="杭州"))
        s.flush()
        s.add(Staff(staff_id="M001", name="王晓", kind="manager", org_id="B1S1", specialties=["running"]))
        s.add(Persona(staff_id="M001", display_name="小王", avatar_kind="real_photo", story="跑过三次马拉松"))
        s.add(User(username="m001", password_hash="x", role="manager", staff_id="M001"))
    with workspace.session() as s:
        staff = s.get(Staff, "M001")
        assert staff.org.parent.name == "杭州分行"
        assert staff.persona.display_name == "小王"
        assert staff.specialties == ["running"]
        staff.persona.signature = "陪你跑得更远"
    with workspace.session() as s:
        assert s.scalar(select(Persona.signature).where(Persona.staff_id == "M001")) == "陪你跑得更远"
        s.delete(s.get(User, 1))
    with workspace.session() as s:
        assert s.scalar(select(User).where(User.username == "m001")) is None
