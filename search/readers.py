"""The document parsers (PDF, DOCX, ODT, plain text), run in a child process that
limits its own memory and CPU time: `python -m search.readers SUFFIX ...` reads the
file's bytes on stdin and writes a JSON result on stdout.

This module imports no Django, so the child starts in a fraction of a second; a
parser that runs away (a zip bomb, a pathological PDF) dies alone instead of
taking the server's memory and the upload's time (search.extraction starts it).
"""

import io
import json
import resource
import sys

# How the child ends, read by search.extraction.
EXIT_READ = 0
EXIT_UNREADABLE = 2
EXIT_OVER_LIMIT = 3


def _pdf(content: bytes, *, max_pages: int, max_chars: int) -> dict:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    total = len(reader.pages)
    texts = []
    for page in reader.pages[:max_pages]:
        texts.append(page.extract_text() or "")
        if sum(len(text) for text in texts) > max_chars:
            break
    status = "truncated" if total > max_pages else "ok"
    return {"status": status, "text": "\n".join(texts), "pages": total}


def _docx(content: bytes, **limits) -> dict:
    import docx

    document = docx.Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return {"status": "ok", "text": "\n".join(texts)}


def _odt(content: bytes, **limits) -> dict:
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    document = load(io.BytesIO(content))
    texts = [
        teletype.extractText(element)
        for kind in (odf_text.H, odf_text.P)
        for element in document.getElementsByType(kind)
    ]
    return {"status": "ok", "text": "\n".join(texts)}


def _plain(content: bytes, **limits) -> dict:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    return {"status": "ok", "text": text}


READERS = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".odt": _odt,
    ".txt": _plain,
    ".md": _plain,
    ".csv": _plain,
}


def limit_self(*, memory_bytes: int, cpu_seconds: int) -> None:
    """Cap this process: past the address space a parser gets MemoryError, past
    the CPU time the kernel stops it (SIGXCPU, then SIGKILL a second later)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _reached(memory_bytes: int) -> bool:
    """Whether this process's address space came close to its limit (Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 > memory_bytes * 0.9
    except (OSError, ValueError, IndexError):
        pass
    return False


def main(argv: list[str]) -> int:
    suffix, memory_bytes, cpu_seconds, max_pages, max_chars = argv
    limit_self(memory_bytes=int(memory_bytes), cpu_seconds=int(cpu_seconds))
    try:
        content = sys.stdin.buffer.read()
        result = READERS[suffix](
            content, max_pages=int(max_pages), max_chars=int(max_chars)
        )
        # More than the caller keeps is never sent back.
        result["text"] = result["text"][: int(max_chars) + 1]
        output = json.dumps(result)
    except MemoryError:
        return EXIT_OVER_LIMIT
    except Exception as error:  # any parser failure means the file is unreadable
        # lxml reports a failed allocation as a syntax error ("unknown error").
        if _reached(int(memory_bytes)):
            return EXIT_OVER_LIMIT
        sys.stdout.write(json.dumps({"error": repr(error)[:500]}))
        return EXIT_UNREADABLE
    sys.stdout.write(output)
    return EXIT_READ


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
