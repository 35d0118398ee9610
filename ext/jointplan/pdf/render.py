"""Render print HTML to a tagged PDF/A-2a that also claims PDF/UA-1.

WeasyPrint's ``pdf/a-2a`` variant tags the document (headings, tables with
header cells, links), sets PDF 1.7, the PDF/A identification and the sRGB
output intent. Two things it does not do are added with pikepdf: the PDF/UA-1
identification (with the extension-schema entry PDF/A requires for the
``pdfuaid`` namespace) and ``DisplayDocTitle``, so viewers show the title
rather than the file name.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from lxml import etree

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# The extension schema declaring pdfuaid:part (ISO 19005-2, 6.6.2.3.3), and
# the claim itself.
PDFUA_XMP = f"""<rdf:RDF xmlns:rdf="{RDF}">
<rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>part</pdfaProperty:name>
              <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
              <pdfaProperty:category>internal</pdfaProperty:category>
              <pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>
            </rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
  <pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>"""


def render_pdf(html: str, base_url: str, target: Path) -> None:
    """Write ``target`` from print HTML (runs in a worker process)."""
    # Imported here: WeasyPrint loads Pango, which only the PDF build needs.
    from weasyprint import HTML

    HTML(string=html, base_url=base_url).write_pdf(
        target, pdf_variant="pdf/a-2a", custom_metadata=True)
    add_accessibility_claims(target)


def add_accessibility_claims(path: Path) -> None:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
        rdf = xmp if xmp.tag == f"{{{RDF}}}RDF" else xmp.find(f".//{{{RDF}}}RDF")
        for description in etree.fromstring(PDFUA_XMP):
            rdf.append(description)
        metadata = pdf.make_stream(etree.tostring(xmp, encoding="utf-8"))
        metadata.Type = pikepdf.Name.Metadata
        metadata.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = metadata
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        # deterministic_id: the same input gives the same bytes (reproducible builds)
        pdf.save(path, deterministic_id=True)
