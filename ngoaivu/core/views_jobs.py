"""The pages of background jobs (core.jobs): the requester's list, a job's page with its progress (htmx reads
its status box again every two seconds until the job is finished), and the download of its file."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ngoaivu.core.choices import JobState
from ngoaivu.core.files import file_response
from ngoaivu.core.generic import visible_or_404
from ngoaivu.core.jobs import KEEP_FOR, waiting_long
from ngoaivu.core.models import Job


@login_required
def job_list(request):
    page = Paginator(Job.objects.visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page_obj": page, "keep_days": KEEP_FOR.days})


@login_required
def job_detail(request, pk):
    job = visible_or_404(Job.objects, request.user, pk)
    context = {"job": job, "waiting_long": waiting_long(job), "keep_days": KEEP_FOR.days}
    if request.htmx:
        return render(request, "core/includes/job_status.html", context)
    return render(request, "core/job_detail.html", context)


@login_required
def job_download(request, pk):
    job = visible_or_404(Job.objects, request.user, pk)
    if job.state != JobState.DONE or not job.result:
        raise Http404
    return file_response(job.result, job.result_name)
