"""What the platform reports about programmes, above the programmes, the problems and the
investigations it reads (issue 22: its own floor, so that the lower apps never import it).

- `models`: `Report`, a requested PDF (its table is still `programmes_report`);
- `data`: everything a PDF report shows, loaded in a fixed number of queries;
- `typography`: French non-breaking spaces for user text;
- `rendering`: Django templates (templates/programmes/pdf/) to PDF with WeasyPrint;
- `services`: request, generate and retry a report; `tasks`: their Celery tasks;
- `figures`, `funnel`: the programme and national dashboards' figures;
- `exports`: the CSV exports.
"""
