"""The lines a run says when a WeasyPrint 71.0 changed the line breaking, the line drawing and the
footnote decision: what the unit test of the notices and the simulated release both expect."""

VERIFIED_ON = "verified on WeasyPrint 70.0, pydyf 0.13.0, Pyphen 0.18.1"
RELEASE_71 = [
    f"warning: WeasyPrint 71.0: avitools' speed extensions are off (same PDFs, slower); {VERIFIED_ON}",
    "warning: WeasyPrint 71.0: avitools' text layer is off: WeasyPrint's first-come ToUnicode map: a "
    "manuscript whose text then does not read back (Khmer, Vietnamese) fails the fidelity rule F001; "
    f"{VERIFIED_ON}",
    "warning: WeasyPrint 71.0: avitools' footnote placement is off: a paragraph that pushes a note off "
    f"its call's page is laid out again on the next page; {VERIFIED_ON}",
]
