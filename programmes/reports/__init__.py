"""The end-of-programme PDF report and the investigation sheet.

- `data`: everything a report shows, loaded in a fixed number of queries;
- `typography`: French non-breaking spaces for user text;
- `rendering`: Django templates (templates/programmes/pdf/) to PDF with WeasyPrint;
- `services`: request, generate and retry a `programmes.models.Report`.
"""
