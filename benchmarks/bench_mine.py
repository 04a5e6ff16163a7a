"""Throughput of `siyu mine FILE` end to end: JSONL in → 2 worker processes → JSONL out.

Builds a deterministic JSONL of conversations by sampling and recombining sentences, mines it the
way the CLI does, and compares with a naive baseline that runs one compiled regular expression per
cue over a sample, in this process. Last line of output: one JSON object with the figures.

    .venv/bin/python benchmarks/bench_mine.py [--small | --utterances N]

A million utterances by default (a night's calls and chats of a branch network are many times
that), so the rule compile each run pays once is reported beside the throughput, not inside a
short run.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from siyu.mine import Miner, load_rules
from siyu.mine.stream import mine_file

# Most turns of a service call carry no tag; about one customer turn in four does.
STAFF_NEUTRAL = [
    "您好，我是咱们行的客户经理小王",
    "想跟您做个简单的回访",
    "好的，明白了",
    "嗯嗯，您说",
    "是这样的",
    "那我给您简单介绍一下",
    "您看还有什么需要我帮您的",
    "好的，不打扰您了，祝您生活愉快",
    "那我下周再联系您",
    "稍等我帮您查一下",
    "您这边的信息我已经核对过了",
    "对，就是上次跟您说的那个",
    "没关系的",
]
STAFF_CUE = [
    "最近我们有一款新发的理财，年化三点二左右",
    "理财非存款，产品有风险，投资需谨慎",
    "您一般什么时候方便联系",
    "这笔钱您打算存多久",
    "您能接受多大的风险",
    "我们网点周六有个客户活动，有小礼品",
    "您卡里的钱是您自己在打理吗",
    "这款基金近一年表现不错",
    "大额存单三年期利率二点六",
]
CUSTOMER_NEUTRAL = [
    "嗯",
    "好的",
    "你说吧",
    "哦",
    "知道了",
    "喂，你好",
    "是我",
    "什么事",
    "嗯嗯",
    "行",
    "那好吧",
    "我听着呢",
    "你再说一遍",
    "刚才信号不好",
    "这个我知道",
    "明白",
    "好，谢谢",
    "啊，这样啊",
    "那挺好的",
]
CUSTOMER_CUE = [
    "我现在在开会，没时间",
    "不需要，谢谢",
    "晚上吧",
    "半年左右吧",
    "稳一点的就行",
    "收益太低了",
    "你们服务态度挺好的",
    "我在工行也买了理财",
    "年化能到三个点吗",
    "手续费多少",
    "能提前取吗",
    "我平时喜欢跑步",
    "我儿子在外地上学",
    "我对这些不太懂",
    "余额宝里还有点钱",
    "你们这个手机银行老是卡",
    "周末有空",
    "我不是没时间，就是不想买",
    "上次那个活动送的米还不错",
    "我退休了，钱放着也是放着",
    "我再看看吧",
]


def build(path: Path, utterances: int, seed: int = 20260301) -> int:
    """Write conversations until ``utterances`` utterances; returns the number of utterances."""
    rng = random.Random(seed)
    written = lines = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < utterances:
            n = rng.randint(6, 30)
            utts = []
            for i in range(n):
                staff = i % 2 == 0
                cue = rng.random() < 0.25
                pool = (
                    (STAFF_CUE if cue else STAFF_NEUTRAL)
                    if staff
                    else (CUSTOMER_CUE if cue else CUSTOMER_NEUTRAL)
                )
                text = "，".join(rng.choice(pool) for _ in range(rng.randint(1, 2)))
                utts.append({"speaker": "staff" if staff else "customer", "text": text})
            conv = {
                "id": f"c-{lines:07d}",
                "channel": rng.choice(["call", "wecom", "im"]),
                "customer_id": f"C{rng.randint(1, 99999):05d}",
                "staff_id": f"M{rng.randint(1, 40):02d}",
                "started_at": "2026-03-01T10:00:00+08:00",
                "utterances": utts,
            }
            fh.write(json.dumps(conv, ensure_ascii=False) + "\n")
            written += n
            lines += 1
    return written


def naive_baseline(path: Path, sample_lines: int) -> float:
    """Utterances/s of one compiled regex per cue (gaps as .{0,8}), on the first lines of the file."""
    rules = load_rules()
    regexes = [re.compile(".{0,8}".join(map(re.escape, r.pattern.frags))) for r in rules.rules]
    convs = []
    with path.open(encoding="utf-8") as fh:
        for _, line in zip(range(sample_lines), fh, strict=False):
            convs.append(json.loads(line))
    n = sum(len(c["utterances"]) for c in convs)
    start = time.perf_counter()
    for conv in convs:
        for u in conv["utterances"]:
            for rx in regexes:
                rx.search(u["text"])
    return n / (time.perf_counter() - start)


def single_process(path: Path, sample_lines: int) -> float:
    """Utterances/s of Miner.mine in this process (parsing excluded), for reference."""
    miner = Miner(load_rules())
    with path.open(encoding="utf-8") as fh:
        convs = [json.loads(line) for _, line in zip(range(sample_lines), fh, strict=False)]
    n = sum(len(c["utterances"]) for c in convs)
    start = time.perf_counter()
    for conv in convs:
        miner.mine(conv)
    return n / (time.perf_counter() - start)


def _cpu() -> float:
    """CPU seconds used by this process and its finished children (the mining workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="20k utterances instead of 1M")
    parser.add_argument("--utterances", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    target = 20_000 if args.small else args.utterances
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "conversations.jsonl", Path(tmp) / "tags.jsonl"
        utterances = build(src, target)
        # compiling the rules is paid once per run, before any line is read: reported on its own
        t0 = time.perf_counter()
        Miner(load_rules())
        startup = time.perf_counter() - t0
        cpu0 = _cpu()
        start = time.perf_counter()
        stats = mine_file(src, dst, workers=args.workers, err=io.StringIO())
        elapsed = time.perf_counter() - start
        cpu = _cpu() - cpu0
        out_lines = sum(1 for _ in dst.open(encoding="utf-8"))
        assert out_lines == stats.lines, "one output line per input line"
        base = naive_baseline(src, 300)
        single = single_process(src, 3000)
    rate = utterances / elapsed
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"utterances          {utterances:,} in {stats.lines:,} conversations")
    print(f"end to end          {elapsed:.2f} s  ({args.workers} workers)")
    print(f"throughput          {rate:,.0f} utterances/s")
    print(f"rule compile        {startup:.2f} s of that (once per run)")
    print(
        f"cpu                 {cpu:.2f} s in all processes: {utterances / cpu:,.0f} utterances per CPU-second"
    )
    print(f"miner, 1 process    {single:,.0f} utterances/s (no JSON)")
    print(f"naive regex         {base:,.0f} utterances/s (one regex per cue, 1 process)")
    print(f"ratio               {rate / base:,.0f}x end to end vs naive")
    print(f"peak memory         {self_kb / 1024:.0f} MB parent, {child_kb / 1024:.0f} MB largest child")
    print(
        json.dumps(
            {
                "benchmark": "mine",
                "utterances": utterances,
                "conversations": stats.lines,
                "seconds": round(elapsed, 3),
                "rule_compile_s": round(startup, 3),
                "utterances_per_s": round(rate),
                "cpu_seconds": round(cpu, 3),
                "utterances_per_cpu_s": round(utterances / cpu),
                "single_process_utterances_per_s": round(single),
                "naive_utterances_per_s": round(base),
                "ratio_vs_naive": round(rate / base, 1),
                "peak_rss_mb_parent": round(self_kb / 1024, 1),
                "peak_rss_mb_child": round(child_kb / 1024, 1),
                "workers": args.workers,
            }
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
