"""The per-language tables of the tree-sitter order analysis (``ts_order``): which node types are
functions, loops and classes, which methods run a callback once per element, and which calls hide a
linear pass, for JavaScript / TypeScript, Go and Java. Data only: the walk is shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lang:
    functions: frozenset[str]  # node types that start a function body
    loops: frozenset[str]
    classes: frozenset[str]  # class-like containers whose methods `this.m()` reaches
    call: str  # the call node type
    callbacks: frozenset[str]  # methods that run a function argument once per element
    searches: dict[str, str]  # method -> why it is linear (receiver of any type)
    list_searches: dict[str, str] = field(default_factory=dict)  # only on receivers known as lists
    qualified: dict[str, str] = field(default_factory=dict)  # "pkg.Func" -> why it is linear
    literal_iterables: frozenset[str] = frozenset()


JS_FUNCS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                       "generator_function_declaration", "generator_function", "function"})
JS = Lang(
    functions=JS_FUNCS,
    loops=frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"}),
    classes=frozenset({"class_declaration", "class", "abstract_class_declaration"}),
    call="call_expression",
    callbacks=frozenset({"forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find",
                         "findIndex", "findLast", "findLastIndex", "flatMap"}),
    searches={"includes": "array or string search", "indexOf": "array or string search",
              "lastIndexOf": "array or string search", "splice": "splice() shifts every element after it",
              "shift": "shift() shifts every element", "unshift": "unshift() shifts every element",
              "sort": "sort() sorts the array"},
    literal_iterables=frozenset({"array", "string"}),
)
LANGS = {
    "javascript": JS,
    "typescript": JS,
    "tsx": JS,
    "go": Lang(
        functions=frozenset({"function_declaration", "method_declaration", "func_literal"}),
        loops=frozenset({"for_statement"}),
        classes=frozenset(),
        call="call_expression",
        callbacks=frozenset(),
        searches={},
        qualified={"slices.Contains": "slices.Contains scans the slice", "slices.Index": "slices.Index scans the slice",
                   "slices.ContainsFunc": "slices.ContainsFunc scans the slice",
                   "slices.IndexFunc": "slices.IndexFunc scans the slice", "slices.Sort": "slices.Sort sorts the slice",
                   "slices.SortFunc": "slices.SortFunc sorts the slice", "sort.Slice": "sort.Slice sorts the slice",
                   "sort.Strings": "sort.Strings sorts the slice", "sort.Ints": "sort.Ints sorts the slice",
                   "sort.Sort": "sort.Sort sorts the collection", "strings.Contains": "strings.Contains searches the string",
                   "strings.Index": "strings.Index searches the string"},
        literal_iterables=frozenset({"composite_literal", "int_literal"}),
    ),
    "java": Lang(
        functions=frozenset({"method_declaration", "constructor_declaration", "lambda_expression"}),
        loops=frozenset({"for_statement", "enhanced_for_statement", "while_statement", "do_statement"}),
        classes=frozenset({"class_declaration", "enum_declaration", "record_declaration", "interface_declaration"}),
        call="method_invocation",
        callbacks=frozenset({"forEach", "map", "filter", "anyMatch", "allMatch", "noneMatch", "flatMap", "reduce",
                             "removeIf", "replaceAll", "mapToInt", "mapToObj", "peek", "takeWhile", "dropWhile"}),
        searches={"indexOf": "indexOf() scans the list or string", "lastIndexOf": "lastIndexOf() scans the list or string"},
        list_searches={"contains": "contains() scans the list", "remove": "remove() scans and shifts the list",
                       "containsAll": "containsAll() scans the list"},
        qualified={"Collections.sort": "Collections.sort sorts the list", "Arrays.sort": "Arrays.sort sorts the array",
                   "Arrays.asList": "", "Collections.frequency": "Collections.frequency scans the collection"},
        literal_iterables=frozenset({"array_initializer"}),
    ),
}
JAVA_LIST = re.compile(r"^(List|ArrayList|LinkedList|Vector|Collection|String|CharSequence|Deque|ArrayDeque)\b")
