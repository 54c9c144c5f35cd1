"""Microsoft 365 sensitivity labels: the ``MSIP_Label_*`` custom properties of Office files.

Office shows a file's sensitivity label from the custom properties ``MSIP_Label_<id>_Enabled``,
``_SetDate``, ``_Method``, ``_Name``, ``_SiteId``, ``_ActionId`` and ``_ContentBits`` in
docProps/custom.xml. Copying them from a file the council labelled in its own Microsoft 365 makes
Office show the council's label on every file the toolkit writes, without the toolkit knowing
anything of the council's tenant.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from toolkit.errors import DocumentError
from toolkit.files import OLE_MAGIC, check_package, read_input

PREFIX = "MSIP_Label_"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
#: The format id every user-defined custom property carries (Office writes this one).
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
#: A labelled file is a few megabytes at most; its custom properties a few kilobytes.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PART_BYTES = 1024 * 1024

_CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_PACKAGE_RELS = "_rels/.rels"
_CONTENT_TYPES = "[Content_Types].xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_label(path: Path) -> dict[str, str]:
    """Return the ``MSIP_Label_*`` properties of the .docx or .xlsx at ``path``, in file order
    (empty when it carries no label). Raises DocumentError when it is no Word or Excel file."""
    data = read_input(path, what="Word or Excel file", error=DocumentError, limit=MAX_FILE_BYTES)
    return label_of(data, str(path))


def label_of(data: bytes, source: str = "<document>") -> dict[str, str]:
    """Return the ``MSIP_Label_*`` properties of a .docx or .xlsx held in ``data``."""
    with _open(data, source) as package:
        part = _custom_part_name(package, source)
        if part is None or part not in package.namelist():
            return {}
        root = _parse(_read(package, part, source), f"{source}: {part}")
    found: dict[str, str] = {}
    for prop in root.iterfind(f"{{{_CP}}}property"):
        name = prop.get("name", "")
        if name.startswith(PREFIX):
            found[name] = "".join(str(text) for text in prop.itertext())
    return found


def apply_label(data: bytes, properties: Mapping[str, str]) -> bytes:
    """Return the .docx or .xlsx in ``data`` carrying the label ``properties``.

    Any ``MSIP_Label_*`` property already there goes (a file carries one label); every other
    custom property is kept. The custom properties part, its content type and the package
    relationship are added when the file has none.
    """
    with _open(data, "<document>") as package:
        rels = _parse(package.read(_PACKAGE_RELS), _PACKAGE_RELS)
        part = _custom_part_name(package, "<document>")
        replaced: dict[str, bytes] = {}
        if part is None:
            part = CUSTOM_PART
            _relate(rels)
            replaced[_PACKAGE_RELS] = _xml(rels)
        types = _parse(package.read(_CONTENT_TYPES), _CONTENT_TYPES)
        if _override(types, part):
            replaced[_CONTENT_TYPES] = _xml(types)
        if part in package.namelist():
            custom = _parse(package.read(part), part)
        else:
            namespaces: Any = {None: _CP, "vt": _VT}  # lxml's stubs refuse the default (None)
            custom = etree.Element(f"{{{_CP}}}Properties", nsmap=namespaces)
        _set_properties(custom, properties)
        replaced[part] = _xml(custom)
        return _rewritten(package, replaced)


def _open(data: bytes, source: str) -> zipfile.ZipFile:
    if data.startswith(OLE_MAGIC):
        raise DocumentError(
            f"{source}: is password protected (or an old .doc/.xls); "
            "save a copy without a password as .docx or .xlsx"
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError(f"{source}: is not a Word or Excel file (.docx or .xlsx)") from None
    check_package(data, source)
    if _CONTENT_TYPES not in package.namelist() or _PACKAGE_RELS not in package.namelist():
        raise DocumentError(f"{source}: is a zip file but not a Word or Excel file")
    return package


def _read(package: zipfile.ZipFile, name: str, source: str) -> bytes:
    if package.getinfo(name).file_size > MAX_PART_BYTES:
        raise DocumentError(f"{source}: {name} is too large to be document properties")
    return package.read(name)


def _parse(xml: bytes, where: str) -> etree._Element:
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as error:
        raise DocumentError(f"{where}: is not valid XML ({error})") from None


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _custom_part_name(package: zipfile.ZipFile, source: str) -> str | None:
    """The custom properties part the package relationships point to, if any."""
    rels = _parse(_read(package, _PACKAGE_RELS, source), f"{source}: {_PACKAGE_RELS}")
    for rel in rels.iterfind(f"{{{_PR}}}Relationship"):
        if rel.get("Type") == CUSTOM_REL and rel.get("TargetMode") != "External":
            return str(rel.get("Target", "")).lstrip("/")
    return None


def _relate(rels: etree._Element) -> None:
    """Add the package relationship to docProps/custom.xml, with an id not yet taken."""
    taken = {rel.get("Id") for rel in rels}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    etree.SubElement(
        rels, f"{{{_PR}}}Relationship", Id=f"rId{number}", Type=CUSTOM_REL, Target=CUSTOM_PART
    )


def _override(types: etree._Element, part: str) -> bool:
    """Declare the content type of ``part``; False when it is declared already."""
    name = "/" + part
    if any(o.get("PartName") == name for o in types.iterfind(f"{{{_CT}}}Override")):
        return False
    etree.SubElement(types, f"{{{_CT}}}Override", PartName=name, ContentType=CUSTOM_TYPE)
    return True


def _set_properties(custom: etree._Element, properties: Mapping[str, str]) -> None:
    """Replace the label properties of ``custom``, numbering new ones after the highest pid."""
    pids = [2]
    for prop in list(custom.iterfind(f"{{{_CP}}}property")):
        if prop.get("name", "").startswith(PREFIX):
            custom.remove(prop)
        elif (pid := prop.get("pid", "")).isdigit():
            pids.append(int(pid) + 1)
    for number, (name, value) in enumerate(properties.items(), start=max(pids)):
        prop = etree.SubElement(
            custom, f"{{{_CP}}}property", fmtid=FMTID, pid=str(number), name=name
        )
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value


def _rewritten(package: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """The package with the ``replaced`` parts (new ones at the end); the rest copied as is."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in package.infolist():
            if info.filename in replaced:
                target.writestr(info, replaced.pop(info.filename), zipfile.ZIP_DEFLATED)
            else:
                target.writestr(info, package.read(info), info.compress_type)
        for name, content in replaced.items():
            target.writestr(name, content)
    return out.getvalue()
