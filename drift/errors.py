"""Numbered error messages and the exceptions that carry them.

Messages are one line each so the CLI can print them as they are. The numbers are
stable: users search for them.
"""

from __future__ import annotations


class _ErrorMeta(type):
    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("E") and code[1:].isdigit():
            return f"[{code}] {msg}"
        return msg  # type: ignore[no-any-return]


class Errors(metaclass=_ErrorMeta):
    # reading input (E001-E009)
    E001 = "{path}: no such file"
    E002 = "{path}: is a directory, expected a text, HTML or Markdown file"
    E003 = "{path}: cannot read the file ({reason})"
    E004 = "{path}: the file is empty"
    E005 = "{path}: looks like a binary file, not text"
    E006 = "{path}: cannot decode the text as UTF-8 or UTF-16 and no other encoding fits"
    E007 = "{path}: no article text left after removing markup and boilerplate"
    E008 = "{path}: the file is {size} bytes, over the limit of {limit} bytes (see --max-bytes)"
    E009 = "{path}: HTML page without article text"
    # value types (E010-E029)
    E010 = "unknown severity {value!r}: use minor, major, critical or none"
    E011 = "invalid range start={start} end={end}"
    E012 = "span text {text!r} does not match its range {start}:{end}"
    E013 = "a document needs a non-empty id"
    E014 = "sentence at position {pos} carries index {index}"
    E015 = "a finding needs at least one span"
    E016 = "a finding needs a one-line explanation"
    E017 = "an aligned pair needs at least one sentence"
    E018 = "sentence indices must be sorted and unique: source={source} copy={copy}"
    E019 = "similarity {value} outside [-1, 1]"
    E020 = "a sentence's clean text and char_map must both be set, equal in length, inside the sentence"
    E021 = "finding rule {rule!r} must start with its type {type!r} and a dot"
    E022 = "{name} {value} outside [0, 1]"
    E023 = "policy key {key!r} must be {expected}"
    # models (E030-E039)
    E030 = "model file {path} has sha256 {actual}, expected {expected}: refusing to load it"
    E031 = "model package {package!r} is not installed: run the setup command in README.md"
    E032 = "encoder returned {got} vectors for {expected} texts"
    E039 = "cannot convert the {model} model to ONNX in {path} ({reason}): is $DRIFT_CACHE writable?"
    # wire formats: NewsML-G2, NITF, ninjs (E033-E038)
    E033 = "{path}: cannot parse the {format} XML ({reason})"
    E034 = (
        "{path}: the XML declares entities in a DTD (entity {name!r}): refused, entity expansion "
        "is how a billion-laughs bomb works and IPTC formats need none"
    )
    E035 = (
        "{path}: the XML refers to an external entity {name!r} ({target}): refused, "
        "drift never fetches or reads what a document names"
    )
    E036 = (
        "{path}: the XML has an internal DTD subset: refused, IPTC formats need none "
        "and a DTD can change what the text reads as"
    )
    E037 = (
        "{path}: not a valid ninjs document ({reason}); no PyPI package ships IPTC's "
        "ninjs JSON Schemas, so drift checks the structure"
    )
    E038 = "{path}: a {format} {root} with no article text ({reason})"
    # usage (E040-E059)
    E040 = "drift check needs a source and at least one copy"
    E041 = "unknown output format {fmt!r}: use {choices}"
    E042 = "cannot infer the format from {path!r}: pass --format"
    E043 = "cannot write {path}: {reason}"
    E044 = "line {line}: {reason}"
    E045 = "{path}: cannot read the pairs file ({reason})"
    E046 = "unknown detector {name!r}: known detectors are {known}"
    E047 = "policy rule {rule!r} must look like TYPE.RULE, e.g. entity.changed"
    E048 = "{path}: cannot read the policy file ({reason})"
    E049 = "detector {name!r} has no option {option!r}: its options are {known}"
    E050 = "detector {name!r} option {option!r} must be a {expected}"
    # output safety (E051-E058)
    E051 = "{path}: is also an input of this run ({input}): refusing to overwrite it"
    E052 = "{path}: exists and was not written by drift: pass --force to replace it"
    E053 = "{path}: named as an output more than once (also as {other})"
    E054 = "{path}: the archive database must be a regular file"
    E055 = "{path}: exists and is not a drift archive: drift index only creates a database where none exists"
    E056 = "{path}: no such archive database: build it with drift index"
    # hostile input and careless hands (E060-E069)
    E060 = "{path}: is a {kind}, not a regular file (give a file, or - to read standard input)"
    E061 = "{path}: symbolic link loop (too many levels of symbolic links)"
    E062 = "{path}: broken symbolic link to {target}, which does not exist"
    E063 = "standard input (-) can be read only once, but it is named {count} times"
    E064 = "line {line}: the {side} has {size:,} characters, over the limit of {limit:,} (see --max-chars)"
    E065 = "{reason}"
    E066 = "{path}: cannot parse the HTML ({reason})"
    # configuration, baselines and reports (E070-E089)
    E070 = "{path}: unknown key {key!r} in the drift configuration: use {known}"
    E071 = "{path}: configuration key {key!r} must be {expected}"
    E072 = "{path}: cannot read the configuration file ({reason})"
    E073 = "{path}: cannot read the baseline file ({reason})"
    E074 = "{path}: not a drift baseline (expected schema {schema!r})"
    E075 = "{path}: unknown key {key!r} in the policy file: use {known}"
    E076 = "{path}: policy key {key!r} must be {expected}"
    E077 = "{path}: unknown rule {rule!r} in the severity table{hint}"
    E078 = "{path}: drift settings both at the top level and under [tool.drift]: keep them in one place"
    # provenance and archives (E090-E119)
    E090 = "drift trace needs at least two files"
    E091 = "{path}: not a directory"
    E092 = "{path}: cannot open the archive database ({reason})"
    E093 = "{path}: not a drift archive database (expected schema {schema!r})"
    E094 = "the archive {path} is empty: run drift index first"
    E095 = "cannot reach the dask scheduler at {address} ({reason})"
    E096 = "--workers and --scheduler cannot be used together"
    E097 = "{path}: cannot write the results ({reason})"
    E098 = (
        "--html-dir {path} is inside the scanned folder {directory}: "
        "its pages would be scanned as copies next time; put it elsewhere"
    )
    E099 = (
        "{path}: a manifest is CSV with 'source' and 'copy' columns or JSON lines "
        "with 'source' and 'copy' keys ({reason})"
    )
    E100 = "{path} line {line}: {reason}"
    E101 = "{path}: the manifest lists no pairs"


class DriftError(Exception):
    """An error the user can act on; the CLI prints it on one line and exits 2."""

    exit_code = 2


class InputError(DriftError):
    """An input file that cannot be read as an article."""


class UsageError(DriftError):
    """Options that do not make sense together."""


class EmptyArchiveError(UsageError):
    """The archive has no documents yet (E094): nothing can be searched."""


class ModelError(DriftError):
    """A local model that is missing or fails its integrity check."""

    exit_code = 3
