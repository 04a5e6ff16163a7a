"""Security primitives shared by the console and the demo: password hashing."""
