"""A small report of the series, written here (not taken from any real edition), in each format.

Its sentences, names and dates differ from the shipped report's, so tests on it show the
drafter's rules are about the series' shape, not about one report's words.
"""

from __future__ import annotations

from pathlib import Path

TITLE = ("WIDENING HORIZONS: KEY DEVELOPMENTS IN THE SPACE SEGMENT OF CHINA'S SPACE SYSTEMS, "
         "APRIL 2025-SEPTEMBER 2025")
INTRO = [
    "China kept up a brisk pace of launches in recent months. The Tianwen-2 mission left for a near-Earth "
    "asteroid, and the country aims to land taikonauts on the Moon by 2030.",
]
NOTE = "Please contact us to obtain a complete list of sources for this report."
# (part title, [(heading or None, [paragraphs])])
NEWS = [
    ("Tianwen-2 Departs for an Asteroid", [
        "A Long March 3B launched the Tianwen-2 probe from the Xichang Satellite Launch Center on May 29, 2025. "
        "The probe will return samples from the asteroid in late 2027.",
    ]),
    ("Cargo Ship Docks with Station", [
        "On July 15, 2025, the Tianzhou-9 cargo craft docked with China's space station. The China Manned Space "
        "Agency (CMSA) said the next cargo flight is planned for mid-2026.",
        "Engineers at the Beijing Institute of Spacecraft System Engineering completed tests of a new docking "
        "port in June 2025, following earlier work in March and April 2024.",
    ]),
]
POLICY_TITLE = "Policy Update: Beijing Issues Commercial Space Action Plan"
POLICY = ("The Beijing municipal government released an action plan for commercial space on August 4, 2025. "
          "The plan calls for five new rocket companies by 2028, and aims to build a satellite factory with an "
          "output of 200 satellites a year.")
#: The policy paragraph is cut here by a page break in the text export and the PDF.
POLICY_BREAK = "aims to build a satellite"
MAGAZINE_TITLE = "Industry Magazine Update: Space International"
MAGAZINE = [
    "The August 2025 issue of Space International reviewed the Example Institute for Space Studies' (EISS) "
    "2025 \"medal table\" of commercial satellite communications. Chinese companies received 6 medals, compared "
    "to 9 for the U.S. Japan and India were the only other countries with more than one medal, each having three. "
    "The only areas Chinese firms did not receive any medals were laser links and direct-to-device; in both "
    "areas, Lynk Global, AST SpaceMobile, and Starlink occupied the medal positions. The table below summarizes "
    "the medals awarded to Chinese companies.",
    "Space International argued that the ranking understates Chinese progress, and noted that China's position "
    "had improved since the previous EISS medal table was released in 2022.",
]
TABLE = [["Sector", "Company", "Satellite", "Medal"],
         ["Broadband", "China Satnet", "Guowang", "Silver"],
         ["Narrowband", "Geespace", "Geely-01", "Bronze"]]
CNKI_TITLE = "1.1 What's Trending on China National Knowledge Infrastructure (CNKI)?"
CNKI_INTRO = ("CNKI is China's primary public-facing database for academic research. Among satellite-related "
              "articles published since April 2025, there is a clear focus on asteroid sample return, with two "
              "of the ten most downloaded articles covering this topic.")
CNKI = [
    ("Sample Return", "The most downloaded article (2,310 downloads) reviewed sampling techniques for small "
                      "bodies. Authored by researchers from the Harbin Institute of Technology, it compares "
                      "touch-and-go and anchoring designs."),
    ("Orbital Debris Mitigation", "An article downloaded 1,402 times discussed debris removal by tethers. "
                                  "The authors propose a test in 2026."),
]


def paragraphs() -> list[str]:
    """Every paragraph of the News, Policy, Magazine and CNKI parts, as the edition should hold them."""
    out = [p for _, items in NEWS for p in items] + [POLICY] + MAGAZINE + [CNKI_INTRO] + [p for _, p in CNKI]
    return out


def text_export() -> str:
    """The series' text export, with its artefacts: bold title, bullets, a link, italics, a page
    break inside a paragraph, a tab-separated table, and a heading glued onto its paragraph."""
    lines = ["", "", f"**{TITLE[:60]}\n{TITLE[60:]}**", "", "INTRODUCTION", ""]
    lines += [p for p in INTRO for p in (p, "")]
    lines += [NOTE.replace("contact us", "[contact us](#)"), "", "News Update", ""]
    for heading, items in NEWS:
        lines += [heading, ""] + ["\n".join(f"- {p}" for p in items), ""]
    cut = POLICY.index(POLICY_BREAK) + len(POLICY_BREAK)
    lines += [POLICY_TITLE, "", POLICY[:cut], "", POLICY[cut:].lstrip(), ""]
    lines += [MAGAZINE_TITLE, ""]
    lines += [MAGAZINE[0].replace("Space International", "*Space International*", 1), "",
              MAGAZINE[1].replace("Space International", "*Space International*", 1), ""]
    lines += ["\n".join("\t".join(row) for row in TABLE), ""]
    lines += [CNKI_TITLE, "", CNKI_INTRO, ""]
    first, second = CNKI
    lines += [first[0], "", first[1], "", f"{second[0]} {second[1]}", ""]
    return "\n".join(lines)


def markdown() -> str:
    out = [f"# {TITLE.title()}", "", "## Introduction", ""] + [p for p in INTRO for p in (p, "")]
    out += [NOTE.replace("contact us", "[contact us](#)"), "", "## News Update", ""]
    for heading, items in NEWS:
        out += [f"### {heading}", ""] + [f"- {p}" for p in items] + [""]
    out += [f"## {POLICY_TITLE}", "", POLICY, "", f"## {MAGAZINE_TITLE}", ""]
    out += [MAGAZINE[0].replace("Space International", "*Space International*", 1), "", MAGAZINE[1], ""]
    out += ["| " + " | ".join(TABLE[0]) + " |", "|" + "---|" * len(TABLE[0])]
    out += ["| " + " | ".join(row) + " |" for row in TABLE[1:]] + [""]
    out += [f"## {CNKI_TITLE}", "", CNKI_INTRO, ""]
    for heading, paragraph in CNKI:
        out += [f"### {heading}", "", paragraph.replace("$", "\\$"), ""]
    return "\n".join(out)


def html() -> str:
    from html import escape

    body = [f"<h1><strong>{escape(TITLE)}</strong></h1>", "<h2>Introduction</h2>"]
    body += [f"<p>{escape(p)}</p>" for p in INTRO]
    body += [f"<p>Please <a href=\"#\">contact us</a> to obtain a complete list of sources for this report.</p>",
             "<h2>News Update</h2>"]
    for heading, items in NEWS:
        body += [f"<h3>{escape(heading)}</h3>", "<ul>"] + [f"<li>{escape(p)}</li>" for p in items] + ["</ul>"]
    body += [f"<h2>{escape(POLICY_TITLE)}</h2>", f"<p>{escape(POLICY)}</p>", f"<h2>{escape(MAGAZINE_TITLE)}</h2>"]
    body += [f"<p>{escape(MAGAZINE[0]).replace('Space International', '<em>Space International</em>', 1)}</p>",
             f"<p>{escape(MAGAZINE[1])}</p>", "<table>"]
    body += ["<tr>" + "".join(f"<th>{escape(c)}</th>" for c in TABLE[0]) + "</tr>"]
    body += ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in TABLE[1:]]
    body += ["</table>", f"<h2>{escape(CNKI_TITLE)}</h2>", f"<p>{escape(CNKI_INTRO)}</p>"]
    for heading, paragraph in CNKI:
        body += [f"<h3>{escape(heading)}</h3>", f"<p>{escape(paragraph)}</p>"]
    return ("<!DOCTYPE html><html><head><title>Report</title><style>p{}</style><script>var x='<p>no</p>';"
            "</script></head><body>" + "\n".join(body) + "</body></html>")


def write_pdf(path: Path) -> None:
    """The report as a PDF written by fpdf2: headings larger than the text, a ruled table, a page
    break inside the policy paragraph."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    def paragraph(text: str, bullet: bool = False) -> None:
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, ("- " if bullet else "") + text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    heading(TITLE, 16)
    heading("INTRODUCTION")
    for p in INTRO:
        paragraph(p)
    paragraph(NOTE)
    heading("News Update")
    for title, items in NEWS:
        heading(title, 12)
        for p in items:
            paragraph(p, bullet=True)
    heading(POLICY_TITLE)
    cut = POLICY.index(POLICY_BREAK) + len(POLICY_BREAK)
    paragraph(POLICY[:cut])
    pdf.add_page()
    paragraph(POLICY[cut:].lstrip())
    heading(MAGAZINE_TITLE)
    for p in MAGAZINE:
        paragraph(p)
    pdf.set_font("Helvetica", "", 10)
    with pdf.table() as table:
        for row in TABLE:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.ln(4)
    heading(CNKI_TITLE)
    paragraph(CNKI_INTRO)
    for title, p in CNKI:
        heading(title, 12)
        paragraph(p)
    pdf.output(str(path))
