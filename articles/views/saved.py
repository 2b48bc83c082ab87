"""A reader's saved searches: save one from a results page, list them with their counts then
and now, rename, delete, choose an alert; and stop an alert from the link in its mail.

Every lookup of a saved search is by its id *and* its owner, so another reader's id answers
404 whatever the URL. The results page (cached, the same for everyone) only links here.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..account_forms import SavedSearchChangeForm, SaveSearchForm
from ..alerts import newest_article_id
from ..forms import SearchForm
from ..models import SavedSearch
from ..saved_searches import count_matches, kept_query_string, stopped_id


@login_required
def save_search(request):
    query_string = kept_query_string(request.GET)
    search_form = SearchForm.from_request(request)
    if not search_form.is_valid() or not search_form.cleaned_data["q"]:
        return render(request, "accounts/save_search.html", {"unusable": True}, status=400)
    query = search_form.cleaned_data["q"]
    form = SaveSearchForm(request.POST or None, initial={"name": query[:200]})
    full = request.user.saved_searches.count() >= settings.SAVED_SEARCHES_PER_READER
    if request.method == "POST" and form.is_valid() and not full:
        request.user.saved_searches.create(
            name=form.cleaned_data["name"],
            query_string=query_string,
            count_then=count_matches(query_string) or 0,
            alerted_up_to=newest_article_id(),  # its alerts list the articles added from now
        )
        return redirect("articles:saved_searches")
    context = {"form": form, "query": query, "query_string": query_string, "full": full}
    return render(request, "accounts/save_search.html", context, status=400 if full else 200)


@login_required
def saved_searches(request):
    rows = [
        (saved, count_matches(saved.query_string), SavedSearchChangeForm(instance=saved))
        for saved in request.user.saved_searches.all()
    ]
    return render(request, "accounts/saved_searches.html", {"rows": rows})


@login_required
@require_POST
def change_saved_search(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchChangeForm(request.POST, instance=saved)
    if form.is_valid():
        form.save()
        return redirect("articles:saved_searches")
    context = {"rows": [(saved, count_matches(saved.query_string), form)]}
    return render(request, "accounts/saved_searches.html", context, status=400)


@login_required
@require_POST
def delete_saved_search(request, pk):
    get_object_or_404(SavedSearch, pk=pk, user=request.user).delete()
    return redirect("articles:saved_searches")


def stop_alert(request, token):
    """Stop an alert from its mail's link: a page with a button (GET changes nothing, since
    mail scanners follow links), then POST stops it. The signed token is the permission."""
    saved = get_object_or_404(SavedSearch, pk=stopped_id(token) or 0)
    if request.method == "POST":
        saved.alert = SavedSearch.Alert.NONE
        saved.save(update_fields=["alert"])
        return render(request, "accounts/alert_stopped.html", {"saved": saved})
    return render(request, "accounts/stop_alert.html", {"saved": saved})
