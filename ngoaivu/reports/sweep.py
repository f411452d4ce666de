"""The sweep's `reports` step: converts the Word files waiting for a PDF (PdfJob rows a request created).
The lock of the sweep makes sure two processes never convert the same job; a job left "running" by a
sweep that died is taken again."""
from ngoaivu.core.sweep import StepReport

STEP = "reports"


def sweep_step(run):
    from ngoaivu.reports.actions import run_pdf_jobs
    done, failed = run_pdf_jobs(progress=run.progress)
    return StepReport(done, f"{done} bản PDF đã tạo, {failed} lỗi")
