"""Counts the code lines of each example beside its PyTorch twin: non-blank lines that are not comments.

C#: a line counts unless it is blank or starts with // (the #! and #: directives count).
Python: tokenize drops comments and docstrings. A twin is counted alone, and with the parts of common.py it imports
(its functions, plus common's module-level imports and setup), since the twin cannot run without them.
    python3 examples/count-lines.py          prints the markdown table examples/README.md shows
"""
import ast
import io
import os
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
TWINS = {"ch12-early-stopping.cs": "ch12.py", "ch13-binary.cs": "ch13_binary.py",
         "ch13-multiclass.cs": "ch13_multiclass.py", "ch14-regularization.cs": "ch14.py"}


def cs_lines(path):
    with open(path) as f:
        return sum(1 for line in f if line.strip() and not line.strip().startswith("//"))


def py_code_lines(source):
    """The line numbers that hold code: not blank, not a comment, not a docstring."""
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        lines.update(range(tok.start[0], tok.end[0] + 1))
    return lines - docstrings


def twin_lines(name):
    src = open(os.path.join(HERE, "pytorch", name)).read()
    alone = len(py_code_lines(src))
    imported = set()
    for node in ast.parse(src).body:
        if isinstance(node, ast.ImportFrom) and node.module == "common":
            imported.update(a.name for a in node.names)
    common = open(os.path.join(HERE, "pytorch", "common.py")).read()
    code = py_code_lines(common)
    used = set()
    for node in ast.parse(common).body:
        span = set(range(node.lineno, node.end_lineno + 1))
        if not isinstance(node, ast.FunctionDef) or node.name in imported:
            used |= span & code
    return alone, alone + len(used)


print("| example | C# lines | PyTorch twin alone | twin + the common.py it uses |")
print("|---|---|---|---|")
for cs in sorted(f for f in os.listdir(HERE) if f.endswith(".cs")):
    n = cs_lines(os.path.join(HERE, cs))
    if cs in TWINS:
        alone, total = twin_lines(TWINS[cs])
        print(f"| `{cs}` | {n} | {alone} (`{TWINS[cs]}`) | {total} |")
    else:
        print(f"| `{cs}` | {n} | — | — |")
