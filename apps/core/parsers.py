"""The API's JSON parser.

Its own module, importing only DRF's parsers: `rest_framework.views` reads DEFAULT_PARSER_CLASSES at
import, so a parser defined beside code that imports the views would be a circular import whenever
that module is the first to load the views (seen in `manage.py check --deploy`).
"""
import json

from rest_framework import exceptions, parsers


class MalformedInput(exceptions.ParseError):
    """A body that parsed as JSON but cannot be processed; its Chinese detail is the message."""


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering 400 `parse_error` for two inputs that otherwise end in a 500.

    Nesting deeper than the interpreter's recursion limit (`[` fifty thousand times) makes the json
    module raise RecursionError, which DRF does not catch. A lone surrogate (`"\\udfff"`) is valid
    JSON but not encodable text: the renderer fails on it when an error echoes the value (a choice
    field), and PostgreSQL refuses it in a text column. Paired surrogates (emoji) decode to one code
    point and pass.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            # Re-encoding finds every lone surrogate, in keys and values, at any depth, in C.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise MalformedInput("请求内容嵌套层级过深。") from None
        except UnicodeEncodeError:
            raise MalformedInput("请求内容含有无效的字符（孤立的代理码位）。") from None
        return data
