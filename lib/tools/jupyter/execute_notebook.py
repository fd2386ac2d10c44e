"""Execute a notebook top to bottom in a fresh kernel with nbclient (what `jupyter nbconvert --execute` uses).

Usage: execute_notebook.py INPUT OUTPUT KERNEL TIMEOUT_SECONDS CWD

nbclient numbers the code cells 1..N as it runs them (tslab itself reports no counts). On a failing
cell it prints that cell's source and everything it wrote (tslab reports compile errors on stderr,
not in the error reply), leaves OUTPUT unwritten, and exits 1.
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def cell_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return "".join(parts).strip()


def main():
    src, dst, kernel, timeout, cwd = sys.argv[1:6]
    nb = nbformat.read(src, as_version=4)
    # Start from a blank slate, so the last numbered cell after a failure is the one that failed.
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = None
            cell.outputs = []
    client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout), resources={"metadata": {"path": cwd}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        failed = next((c for c in reversed(code_cells) if c.get("execution_count")), None)
        number = failed.get("execution_count") if failed else "?"
        print(f"Cell [{number}] failed: {type(error).__name__}")
        if failed is not None:
            print("------------------ cell source")
            print(failed.source)
            print("------------------ cell output")
            print(cell_text(failed) or str(error).strip()[-2000:])
        sys.exit(1)
    nbformat.write(nb, dst)


if __name__ == "__main__":
    main()
