"""oTree 5's template syntax turned into Django template text: pure text in, text out.

oTree 5 writes every tag as `{{ ... }}` and infers from the first word whether it is a tag
(`{{ if x }}`, `{{ formfield 'age' }}`) or a value to print (`{{ player.payoff|c }}`); `{% %}`
still works and means the same. Each tag here becomes the Django tag of the same meaning (the form
tags are those of `{% load otree %}`, sessions_core/templatetags/otree.py), and each printed value
a Django variable. The translation keeps every newline where it was, so a line of the Django text
is the same line of the file: Django's own errors point at the file's lines.

The rules that make an oTree 5 page a page: a file with a top-level `{{ block }}` and no
`{{ extends }}` extends "global/Page.html" (the project's page layout, as every Quorum page);
printed values are not HTML-escaped (oTree 5 does not autoescape; `|escape` escapes);
`{{ include_sibling 'f.html' }}` includes the file next to this one. Mistakes raise
OTreeTemplateError with the line; the loader adds the file's path.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_LAYOUT = "global/Page.html"
LIBRARY = "otree"  # sessions_core/templatetags/otree.py: formfield(s), next_button, chat, filters

_STRING = r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"""
_NUMBER = r"-?\d+(?:\.\d+)?"
_NAME = r"[A-Za-z_]\w*"
# player.get_others_in_group(), my_list.0, d.key: a call is written with empty parentheses,
# which Django does not take (it calls what it finds); they are dropped.
_PATH = rf"{_NAME}(?:\(\))?(?:\.(?:{_NAME}|\d+)(?:\(\))?)*"
_ATOM = rf"(?:{_STRING}|{_NUMBER}|{_PATH})"
# `|c`, oTree 5's `|default("x")`, and Django's `|default:"x"`.
_FILTER = rf"\|({_NAME})(?:\(\s*({_ATOM})?\s*\)|:({_ATOM}))?"
_OPERAND = re.compile(rf"({_ATOM})((?:{_FILTER})*)")
_ONE_FILTER = re.compile(_FILTER)
_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#(.*?)#\}", re.DOTALL)
_WORD = re.compile(r"([A-Za-z_]\w*)(?:\s+(.*))?$", re.DOTALL)
# Quote-aware split on spaces: `label="How much?"` stays one piece.
_PIECE = re.compile(r"""(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')+""")
_PIPE = re.compile(rf"({_STRING})|\s*\|\s*")
_COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_WORD_OPERATORS = {"and", "or", "not", "in", "is"}
# Tags a page of oTree syntax shows itself by: how the loaders tell it from a Django template.
_OTREE_TAG_WORDS = ("block", "endblock", "extends", "if", "elif", "else", "endif", "for", "endfor",
                    "empty", "include", "include_sibling", "formfield", "formfields",
                    "formfield_errors", "next_button", "chat", "static", "with", "endwith", "load",
                    "comment", "endcomment")
_SHOWS_OTREE = re.compile(r"\{\{\s*(?:" + "|".join(_OTREE_TAG_WORDS) + r")\b(?!\s*[|.])")


class OTreeTemplateError(Exception):
    """A template that is not valid oTree syntax: `line` is the file's line (1-based)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def uses_otree_tags(source: str) -> bool:
    """Whether a template writes its tags as `{{ block ... }}`, `{{ if ... }}` (oTree 5) rather
    than as Django's `{% %}`: in Django syntax such a tag is an error, so no Django template has one."""
    return _SHOWS_OTREE.search(source) is not None


@dataclass
class _Open:
    word: str  # block, if, for, with, comment
    line: int
    seen_else: bool = False


def translate(source: str, *, name: str) -> str:
    """Django template text for the oTree template `source`; `name` is its template name
    ("trust/Send.html"), which `include_sibling` resolves against."""
    return _Translation(source, name).run()


class _Translation:
    def __init__(self, source: str, name: str) -> None:
        self.source = source
        self.folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        self.stack: list[_Open] = []
        self.out: list[str] = []
        self.extends = False
        self.top_level_block = False
        self.tags_before = False  # a tag other than extends already written
        self.line = 1

    def run(self) -> str:
        position = 0
        for match in _TAG.finditer(self.source):
            text = self.source[position:match.start()]
            self.out.append(text)
            self.line += text.count("\n")
            raw = match.group(0)
            self.out.append(self._tag(match) + "\n" * raw.count("\n"))
            self.line += raw.count("\n")
            position = match.end()
        self.out.append(self.source[position:])
        if self.stack:
            opened = self.stack[-1]
            raise OTreeTemplateError(
                f"{{{{ {opened.word} }}}} opened on line {opened.line} is never closed "
                f"(no {{{{ end{opened.word} }}}})", opened.line)
        body = "".join(self.out)
        load = f"{{% load {LIBRARY} %}}"
        if self.extends:
            return body  # the extends tag carries the load right after it
        if self.top_level_block:
            return f'{{% extends "{DEFAULT_LAYOUT}" %}}{load}' + body
        return load + body

    def _tag(self, match: re.Match[str]) -> str:
        variable, block, comment = match.groups()
        if comment is not None:
            return ""
        content = (variable if variable is not None else block).strip()
        inside_comment = bool(self.stack) and self.stack[-1].word == "comment"
        if inside_comment:
            if content == "endcomment":
                self.stack.pop()
                return "{% endcomment %}"
            return match.group(0).replace("\n", " ")
        if not content:
            raise self._error("an empty tag {{ }}")
        word_match = _WORD.match(content)
        handler = _TAGS.get(word_match.group(1)) if word_match else None
        if word_match and handler is not None:
            result = handler(self, (word_match.group(2) or "").strip())
            if word_match.group(1) != "extends" and result:
                self.tags_before = True
            return result
        if word_match and word_match.group(2) and re.match(r"[\w\"']", word_match.group(2)):
            raise self._error(f"unknown tag {{{{ {word_match.group(1)} }}}}")
        self.tags_before = True
        return "{% value " + self._operand(content) + " %}"

    # --- helpers ---------------------------------------------------------------------------

    def _error(self, message: str) -> OTreeTemplateError:
        return OTreeTemplateError(message, self.line)

    def _operand(self, text: str) -> str:
        """One value with its filters, in Django's form; refuses anything else."""
        compact = _PIPE.sub(lambda m: m.group(1) or "|", text.strip())
        found = _OPERAND.fullmatch(compact)
        if found is None:
            raise self._error(f"cannot read the expression {text.strip()!r} (a value such as "
                              "player.x, C.X, 'text' or 3, with filters such as |c)")
        atom = _drop_calls(found.group(1))
        filters = "".join(
            f"|{f.group(1)}" + (f":{_drop_calls(arg)}" if (arg := f.group(2) or f.group(3)) else "")
            for f in _ONE_FILTER.finditer(found.group(2)))
        return atom + filters

    def _condition(self, text: str) -> str:
        if not text:
            raise self._error("an if without a condition")
        pieces = []
        for piece in _condition_pieces(text):
            if piece in _COMPARISONS or piece in _WORD_OPERATORS:
                pieces.append(piece)
            else:
                pieces.append(self._operand(piece))
        return " ".join(pieces)

    def _open(self, word: str) -> None:
        self.stack.append(_Open(word, self.line))

    def _close(self, word: str) -> None:
        if self.stack and self.stack[-1].word == word:
            self.stack.pop()
            return
        if any(opened.word == word for opened in self.stack):
            top = self.stack[-1]
            raise self._error(f"{{{{ end{word} }}}} while {{{{ {top.word} }}}} of line {top.line} "
                              f"is still open (no {{{{ end{top.word} }}}})")
        raise self._error(f"{{{{ end{word} }}}} without an open {{{{ {word} }}}}")

    def _assignments(self, pieces: list[str]) -> str:
        out = []
        for piece in pieces:
            key, equals, value = piece.partition("=")
            if not equals or not re.fullmatch(_NAME, key):
                raise self._error(f"expected name=value, found {piece!r}")
            out.append(f"{key}={self._operand(value)}")
        return " ".join(out)

    # --- tags ------------------------------------------------------------------------------

    def t_block(self, rest: str) -> str:
        if not re.fullmatch(r"\w+", rest):
            raise self._error(f"a block needs one name: {{{{ block content }}}}, not {rest!r}")
        if not self.stack:
            self.top_level_block = True
        self._open("block")
        return f"{{% block {rest} %}}"

    def t_endblock(self, rest: str) -> str:
        self._close("block")
        return "{% endblock %}"

    def t_extends(self, rest: str) -> str:
        if self.tags_before or self.extends or self.stack:
            raise self._error("{{ extends }} must be the first tag of the template")
        self.extends = True
        return f"{{% extends {self._operand(rest)} %}}{{% load {LIBRARY} %}}"

    def t_if(self, rest: str) -> str:
        condition = self._condition(rest)
        self._open("if")
        return f"{{% if {condition} %}}"

    def t_elif(self, rest: str) -> str:
        self._inside("if", "elif")
        if self.stack[-1].seen_else:
            raise self._error("{{ elif }} after {{ else }}")
        return f"{{% elif {self._condition(rest)} %}}"

    def t_else(self, rest: str) -> str:
        self._inside("if", "else")
        if self.stack[-1].seen_else:
            raise self._error("a second {{ else }} in the same {{ if }}")
        self.stack[-1].seen_else = True
        return "{% else %}"

    def t_endif(self, rest: str) -> str:
        self._close("if")
        return "{% endif %}"

    def t_for(self, rest: str) -> str:
        found = re.fullmatch(r"(.+?)\s+in\s+(.+?)(\s+reversed)?", rest, re.DOTALL)
        if found is None:
            raise self._error("a loop reads {{ for item in some_list }}")
        names = [n.strip() for n in found.group(1).split(",")]
        if not all(re.fullmatch(_NAME, n) for n in names):
            raise self._error(f"cannot loop into {found.group(1)!r}: names separated by commas")
        self._open("for")
        reverse = " reversed" if found.group(3) else ""
        return f"{{% for {', '.join(names)} in {self._operand(found.group(2))}{reverse} %}}"

    def t_empty(self, rest: str) -> str:
        self._inside("for", "empty")
        return "{% empty %}"

    def t_endfor(self, rest: str) -> str:
        self._close("for")
        return "{% endfor %}"

    def t_with(self, rest: str) -> str:
        pieces = _PIECE.findall(rest)
        if not pieces:
            raise self._error("{{ with name=value }} needs a name and a value")
        self._open("with")
        return f"{{% with {self._assignments(pieces)} %}}"

    def t_endwith(self, rest: str) -> str:
        self._close("with")
        return "{% endwith %}"

    def t_comment(self, rest: str) -> str:
        self._open("comment")
        return "{% comment %}"

    def t_endcomment(self, rest: str) -> str:
        raise self._error("{{ endcomment }} without an open {{ comment }}")

    def t_include(self, rest: str) -> str:
        pieces = _PIECE.findall(rest)
        if not pieces:
            raise self._error("{{ include }} needs a template: {{ include 'my_app/file.html' }}")
        return "{% include " + self._include_tail(self._operand(pieces[0]), pieces[1:]) + " %}"

    def t_include_sibling(self, rest: str) -> str:
        pieces = _PIECE.findall(rest)
        if not pieces or not re.fullmatch(_STRING, pieces[0]):
            raise self._error("{{ include_sibling }} needs a file name in quotes: "
                              "{{ include_sibling 'instructions.html' }}")
        file_name = pieces[0][1:-1]
        if "/" in file_name or "\\" in file_name or not file_name:
            raise self._error(f"include_sibling takes a file of this folder, not {file_name!r}")
        return "{% include " + self._include_tail(f'"{self.folder}{file_name}"', pieces[1:]) \
            + " %}"

    def _include_tail(self, target: str, pieces: list[str]) -> str:
        only = pieces[-1:] == ["only"]
        if only:
            pieces = pieces[:-1]
        if pieces and pieces[0] == "with":
            pieces = pieces[1:]
        tail = target
        if pieces:
            tail += " with " + self._assignments(pieces)
        return tail + (" only" if only else "")

    def t_formfields(self, rest: str) -> str:
        if rest:
            raise self._error("{{ formfields }} takes nothing")
        return "{% formfields %}"

    def t_formfield(self, rest: str) -> str:
        pieces = _PIECE.findall(rest)
        if not pieces:
            raise self._error("{{ formfield }} needs a field: {{ formfield 'age' }} or "
                              "{{ formfield player.age }}")
        target = self._operand(pieces[0])
        options = [p for p in pieces[1:] if p != "with"]
        for option in options:
            if not option.startswith("label="):
                raise self._error(f"formfield takes label=..., not {option!r}")
        tail = f" {self._assignments(options)}" if options else ""
        return f"{{% formfield {target}{tail} %}}"

    def t_formfield_errors(self, rest: str) -> str:
        return f"{{% formfield_errors {self._operand(rest)} %}}"

    def t_next_button(self, rest: str) -> str:
        if rest:
            raise self._error("{{ next_button }} takes nothing")
        return "{% next_button %}"

    def t_chat(self, rest: str) -> str:
        pieces = _PIECE.findall(rest)
        for piece in pieces:
            if piece.partition("=")[0] not in ("nickname", "channel"):
                raise self._error(f"chat takes nickname=... and channel=..., not {piece!r}")
        return "{% chat " + self._assignments(pieces) + " %}" if pieces else "{% chat %}"

    def t_static(self, rest: str) -> str:
        return f"{{% static {self._operand(rest)} %}}"

    def t_load(self, rest: str) -> str:
        return ""  # oTree 3's `{% load otree %}`: the library is always loaded

    def _inside(self, word: str, tag: str) -> None:
        if not self.stack or self.stack[-1].word != word:
            raise self._error(f"{{{{ {tag} }}}} outside an {{{{ {word} }}}}")


_TAGS: dict[str, Callable[[_Translation, str], str]] = {
    name[2:]: method for name, method in vars(_Translation).items() if name.startswith("t_")}


def _drop_calls(atom: str) -> str:
    if atom[:1] in "\"'":
        return atom
    return atom.replace("()", "")


def _condition_pieces(text: str) -> list[str]:
    """Operands and operators of an if: quotes kept whole, `a==b` split as `a == b`, pipes
    joined to their value (`x | c` is `x|c`)."""
    compact = _PIPE.sub(lambda m: m.group(1) or "|", text.strip())
    pieces: list[str] = []
    current = ""
    i = 0
    while i < len(compact):
        char = compact[i]
        if char in "\"'":
            end = re.match(_STRING, compact[i:])
            chunk = end.group(0) if end else compact[i:]
            current += chunk
            i += len(chunk)
            continue
        operator = next((op for op in _COMPARISONS if compact.startswith(op, i)), None)
        if char.isspace() or operator:
            if current:
                pieces.append(current)
                current = ""
            if operator:
                pieces.append(operator)
                i += len(operator)
                continue
        else:
            current += char
        i += 1
    if current:
        pieces.append(current)
    return pieces
