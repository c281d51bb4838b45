"""Load rubric YAML files into typed ``Rubric`` models, with messages that name file, line and path.

One bad file never stops the others: ``load_library`` returns the rubrics that
loaded and the problems of those that did not.
"""

from __future__ import annotations

import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .checks import Path, check_rubric, format_path
from .errors import Problem, RubricError
from .rubric import Rubric

RUBRICS_ENV = "SIPR_RUBRICS"
"""Extra folders of district rubrics, separated like PATH (``:`` on Linux)."""

BUILTIN_RUBRICS = FilePath(__file__).resolve().parent.parent / "rubrics"
MAX_FILE_BYTES = 5_000_000
TOO_LARGE = f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB, the most a continuum file may hold"


@dataclass
class Library:
    """The rubrics that loaded, by id, and the problems of the files that did not."""

    rubrics: dict[str, Rubric] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, rubric_id: str) -> Rubric:
        return self.rubrics[rubric_id]


def display_name(path: FilePath) -> str:
    """The path relative to the working folder when it is inside it, as users see it."""
    try:
        return str(path.resolve().relative_to(FilePath.cwd()))
    except ValueError:
        return str(path)


def parse_rubric(text: str, name: str) -> Rubric:
    """Validate the YAML text of one rubric; raise ``RubricError`` naming every problem."""
    data, lines = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise RubricError(
            [Problem(name, 1, "", "a rubric file must be a mapping (key: value lines) at the top")]
        )
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as error:
        raise RubricError([_problem(name, lines, e) for e in error.errors()]) from None
    findings = check_rubric(rubric)
    if findings:
        raise RubricError([Problem(name, _line(lines, p), format_path(p), m) for p, m in findings])
    return rubric


def load_rubric(path: str | os.PathLike[str]) -> Rubric:
    """Load one rubric file; raise ``RubricError`` naming every problem."""
    file = FilePath(path)
    name = display_name(file)
    try:
        # read no more than the limit allows: a file's size can lie (/dev/zero, a pipe) or grow
        with file.open("rb") as opened:
            data = opened.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise RubricError([Problem(name, None, "", TOO_LARGE)])
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RubricError([Problem(name, None, "", "not UTF-8 text: save the file as UTF-8")]) from None
    except OSError as error:
        raise RubricError([Problem(name, None, "", f"cannot read the file ({error.strerror})")]) from None
    return parse_rubric(text, name)


def rubric_folders() -> list[FilePath]:
    """The built-in rubrics folder, then any folders named by ``SIPR_RUBRICS``."""
    extra = [FilePath(p) for p in os.environ.get(RUBRICS_ENV, "").split(os.pathsep) if p.strip()]
    return [BUILTIN_RUBRICS, *extra]


def load_library(folders: list[FilePath] | None = None) -> Library:
    """Every ``*.yaml`` rubric in the folders; bad files are reported, not fatal."""
    library = Library()
    for folder in folders if folders is not None else rubric_folders():
        if not folder.is_dir():
            library.problems.append(Problem(display_name(folder), None, "", "rubrics folder not found"))
            continue
        for file in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            _add(library, file)
    return library


def _add(library: Library, file: FilePath) -> None:
    name = display_name(file)
    try:
        rubric = load_rubric(file)
    except RubricError as error:
        library.problems.extend(error.problems)
        return
    if rubric.id in library.rubrics:
        other = library.files[rubric.id]
        line = _top_level_line(file, "id")
        library.problems.append(
            Problem(name, line, "id", f'rubric id "{rubric.id}" is already used by {other}')
        )
        return
    library.rubrics[rubric.id] = rubric
    library.files[rubric.id] = name


def _top_level_line(file: FilePath, key: str) -> int | None:
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


# --- YAML with line numbers -------------------------------------------------------------

Lines = dict[Path, int]

# libyaml's parser when PyYAML was built with it (its wheels are): a 5 MB upload is read and refused in
# a third of the time (benchmarks/rubric_upload.py), time in which the server answers nobody else in
# the meeting. A file it refuses is read again by PyYAML's own parser, whose messages say more
# ("expected ']', but got ':'"), when the file is small enough for that to be quick.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REREAD_BELOW = 1_000_000
"""Characters: a refused file up to this size is read again for PyYAML's message."""


def _parse_yaml(text: str, name: str) -> tuple[Any, Lines]:
    try:
        return _parse_with(_FAST, text, name)
    except RubricError as error:
        syntax = any(p.message.startswith("YAML syntax") for p in error.problems)
        if _FAST is yaml.SafeLoader or len(text) >= REREAD_BELOW or not syntax:
            raise
        return _parse_with(yaml.SafeLoader, text, name)


def _parse_with(reader: Any, text: str, name: str) -> tuple[Any, Lines]:
    try:
        loader = reader(text)
    except yaml.reader.ReaderError as error:
        raise RubricError([_reader_problem(error, text, name)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise RubricError([Problem(name, 1, "", "the file is empty")])
        lines: Lines = {}
        duplicates: list[Problem] = []
        _walk(node, (), lines, duplicates, name)
        if duplicates:
            raise RubricError(duplicates)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        # "while parsing a block mapping" says where the parser was, not what is wrong: leave it out.
        context = error.context if error.context and not error.context.startswith("while ") else None
        said = ", ".join(part for part in (context, error.problem) if part) or str(error)
        raise RubricError([Problem(name, line, "", f"YAML syntax: {said}")]) from None
    except yaml.reader.ReaderError as error:
        raise RubricError([_reader_problem(error, text, name)]) from None
    except yaml.YAMLError as error:
        raise RubricError([Problem(name, None, "", f"YAML syntax: {error}")]) from None
    except RecursionError:
        raise RubricError(
            [Problem(name, None, "", "YAML nests too deeply or an alias refers to itself")]
        ) from None
    finally:
        loader.dispose()


def _reader_problem(error: yaml.reader.ReaderError, text: str, name: str) -> Problem:
    """PyYAML's two-line reader error as one line, at the line of the character."""
    code = error.character if isinstance(error.character, int) else ord(error.character)
    line = text[: error.position].count("\n") + 1
    return Problem(name, line, "", f"YAML syntax: unacceptable character #x{code:04x}: {error.reason}")


MAX_NODES = 500_000
"""More values than this, counting each use of an alias, is a file built to exhaust the server."""
MAX_EXPANDED_CHARACTERS = MAX_FILE_BYTES
"""More text than the largest file holds, counting each use of an alias: one long text used through
thousands of aliases is a few values but hundreds of megabytes to build and check."""


@dataclass
class _Expansion:
    """How much the file holds once every alias is read as a copy of what it names."""

    name: str
    characters: int = 0

    def add(self, node: yaml.ScalarNode) -> None:
        self.characters += len(node.value)
        if self.characters > MAX_EXPANDED_CHARACTERS:
            raise RubricError(
                [
                    Problem(
                        self.name,
                        None,
                        "",
                        f"the file expands to more than {MAX_EXPANDED_CHARACTERS:,} characters of text "
                        "(through aliases): write each text out once instead of repeating it through "
                        "an alias",
                    )
                ]
            )


def _walk(
    node: yaml.Node,
    path: Path,
    lines: Lines,
    duplicates: list[Problem],
    name: str,
    expansion: _Expansion | None = None,
) -> None:
    if len(lines) > MAX_NODES:
        raise RubricError(
            [Problem(name, None, "", f"the file expands to more than {MAX_NODES:,} values (through aliases)")]
        )
    expansion = expansion or _Expansion(name)
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        expansion.add(node)
    elif isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                where = format_path(path) or "the top level"
                raise RubricError(
                    [
                        Problem(
                            name,
                            key_node.start_mark.line + 1,
                            where,
                            "a key must be plain text, not a list or mapping",
                        )
                    ]
                )
            key = key_node.value
            if key in seen:
                duplicates.append(
                    Problem(name, key_node.start_mark.line + 1, format_path((*path, key)), "key given twice")
                )
            seen.add(key)
            expansion.add(key_node)
            lines[(*path, key, "__key__")] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, duplicates, name, expansion)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, duplicates, name, expansion)


def _line(lines: Lines, path: Path) -> int | None:
    """The line of the deepest part of the path that exists in the file."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


# --- pydantic errors in plain words ------------------------------------------------------

_KINDS = {
    type(None): "nothing",
    bool: "yes/no",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
}


def _what(value: object) -> str:
    return _KINDS.get(type(value), "text")


def _problem(name: str, lines: Lines, error: ErrorDetails) -> Problem:
    loc = _as_in_file(tuple(part for part in error["loc"] if part != "[key]"), lines)
    kind, value = error["type"], error.get("input")
    line = _line(lines, loc)
    message = error["msg"]
    if kind == "missing":
        message = "required, but missing"
    elif kind == "extra_forbidden":
        line = lines.get((*loc, "__key__"), line)
        allowed = _fields_at(loc[:-1])
        message = f'unknown key "{loc[-1]}"' + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    elif kind == "string_too_short" or (kind == "string_type" and value is None):
        message = "empty text: write the text or remove the key"
    elif kind == "string_type":
        message = f"expected text, got {_what(value)}"
    elif kind == "string_pattern_mismatch":
        message = (
            f'"{value}" is not a valid id: use letters, digits, ".", "-" or "_", '
            "starting with a letter or digit"
        )
    elif kind in ("string_too_long", "too_long") and isinstance(value, str):
        message = f"too long: at most {error.get('ctx', {}).get('max_length')} characters"
    elif kind in ("list_type", "tuple_type"):
        message = f"expected a list (lines starting with '- '), got {_what(value)}"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = f"expected a mapping (key: value lines), got {_what(value)}"
    elif kind in ("less_than_equal", "greater_than_equal"):
        ctx = error.get("ctx", {})
        bound = ctx.get("le", ctx.get("ge"))
        bound = f"{bound:g}" if isinstance(bound, int | float) else bound
        message = f"{value!r} is too {'large' if kind == 'less_than_equal' else 'small'}: " + (
            f"at most {bound}" if kind == "less_than_equal" else f"at least {bound}"
        )
    elif kind == "too_short":
        least = error.get("ctx", {}).get("min_length")
        message = f"needs at least {least} item" + ("" if least == 1 else "s")
    elif kind == "literal_error" and loc == ("format",):
        message = f"unsupported format {value!r}: this version reads format 1"
    return Problem(name, line, format_path(loc), message)


def _as_in_file(loc: Path, lines: Lines) -> Path:
    """pydantic names a mapping key written as a number (``3:``) as the int 3; the file has the text "3"."""
    fixed: list[str | int] = []
    for part in loc:
        if isinstance(part, int) and (*fixed, part) not in lines and (*fixed, str(part)) in lines:
            fixed.append(str(part))
        else:
            fixed.append(part)
    return tuple(fixed)


def _fields_at(loc: Path) -> list[str]:
    """The keys allowed in the mapping at ``loc``, found by walking the model's types."""
    annotation: Any = Rubric
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(part, str):
            if part not in annotation.model_fields:
                return []
            annotation = annotation.model_fields[part].annotation
        elif typing.get_origin(annotation) in (list, tuple) and isinstance(part, int):
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def library_signature(folders: list[FilePath] | None = None) -> tuple[tuple[str, float, int], ...]:
    """Names, times and sizes of every rubric file: when it changes, the library must reload."""
    found: list[tuple[str, float, int]] = []
    for folder in folders if folders is not None else rubric_folders():
        if folder.is_dir():
            for file in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
                stat = file.stat()
                found.append((str(file), stat.st_mtime, stat.st_size))
    return tuple(found)
