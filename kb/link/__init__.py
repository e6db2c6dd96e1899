"""Link: claims, red lines and what protects them, conditions, comparisons and organisations.

``claims`` reads each claim (modality, speaker, hedges, conditions,
comparisons) with the cue scanner of ``cues``; ``redlines`` finds red lines,
their concepts and the safeguards that address them.
"""
