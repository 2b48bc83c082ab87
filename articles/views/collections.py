"""A reader's collections: add an article (from its page, or from a results page's link),
list a collection with notes, rename, delete, remove an item, export, and share it read-only
by an unguessable link.

Every lookup is by id *and* owner (items through their owner's collection), so another
reader's id answers 404 whatever the URL. Results pages are cached for everyone and hold no
CSRF token, so they only link to add_to_collection, whose GET shows the form.
"""

import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..collection_forms import AddToCollectionForm, CollectionNameForm, NoteForm
from ..models import Article, Collection, CollectionItem
from .collection_export import export_response, listed_items


def _own_collection(request, pk) -> Collection:
    return get_object_or_404(Collection, pk=pk, owner=request.user)


def _own_item(request, pk, item_pk) -> CollectionItem:
    return get_object_or_404(
        CollectionItem, pk=item_pk, collection__pk=pk, collection__owner=request.user
    )


def _posted(request):
    """Return the POST data to bind a form to, even an empty POST (it then fails to validate)."""
    return request.POST if request.method == "POST" else None


@login_required
def collections(request):
    """List the reader's collections; a POST makes a new, empty one."""
    form = CollectionNameForm(_posted(request))
    if request.method == "POST":
        full = request.user.collections.count() >= settings.COLLECTIONS_PER_READER
        if form.is_valid() and not full:
            form.instance.owner = request.user
            return redirect(form.save())
        if full:
            form.add_error(None, "You have as many collections as one account may keep.")
    rows = request.user.collections.all()
    status = 400 if form.errors else 200
    return render(request, "collections/list.html", {"rows": rows, "form": form}, status=status)


@login_required
def add_to_collection(request, slug):
    """The add form (GET), and adding (POST): the results page links here, the article page
    posts here. A POST asking for JSON (the page's script) is answered in JSON."""
    article = get_object_or_404(Article.objects.for_listing(), slug=slug)
    form = AddToCollectionForm(_posted(request), owner=request.user)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST" and form.is_valid():
        item, created = form.add(article)
        if wants_json:
            return JsonResponse(
                {
                    "added": created,
                    "collection": item.collection.name,
                    "collection_id": item.collection.pk,
                    "url": item.collection.get_absolute_url(),
                }
            )
        return redirect(item.collection)
    if request.method == "POST" and wants_json:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    status = 400 if form.errors else 200
    return render(
        request, "collections/add.html", {"article": article, "form": form}, status=status
    )


@login_required
def collection(request, pk):
    collection = _own_collection(request, pk)
    items = [(item, NoteForm(instance=item)) for item in listed_items(collection)]
    context = {"collection": collection, "items": items, "name_form": CollectionNameForm()}
    return render(request, "collections/collection.html", context)


@login_required
@require_POST
def rename_collection(request, pk):
    collection = _own_collection(request, pk)
    form = CollectionNameForm(request.POST, instance=collection)
    if form.is_valid():
        form.save()
        return redirect(collection)
    collection.refresh_from_db()
    items = [(item, NoteForm(instance=item)) for item in listed_items(collection)]
    context = {"collection": collection, "items": items, "name_form": form}
    return render(request, "collections/collection.html", context, status=400)


@login_required
@require_POST
def delete_collection(request, pk):
    _own_collection(request, pk).delete()
    return redirect("articles:collections")


@login_required
@require_POST
def share_collection(request, pk):
    """Turn sharing on (a new secret link) or off (the link stops working at once)."""
    collection = _own_collection(request, pk)
    if request.POST.get("share") == "on":
        if not collection.share_token:
            _set_new_token(collection)
    else:
        collection.share_token = None
        collection.save(update_fields=["share_token"])
    return redirect(collection)


def _set_new_token(collection: Collection) -> None:
    # 24 random bytes never collide in practice; the unique column makes sure.
    for _ in range(3):
        collection.share_token = secrets.token_urlsafe(24)
        try:
            collection.save(update_fields=["share_token"])
            return
        except IntegrityError:
            continue
    raise RuntimeError("Could not make a unique share link")


@login_required
@require_POST
def change_note(request, pk, item_pk):
    item = _own_item(request, pk, item_pk)
    form = NoteForm(request.POST, instance=item)
    if not form.is_valid():
        collection = item.collection
        context = {"collection": collection, "items": [(item, form)], "name_form": None}
        return render(request, "collections/collection.html", context, status=400)
    form.save()
    return redirect(f"{item.collection.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def remove_item(request, pk, item_pk):
    item = _own_item(request, pk, item_pk)
    item.delete()
    return redirect(item.collection)


@login_required
def export_collection(request, pk, fmt):
    return export_response(request, _own_collection(request, pk), fmt)


def _shared(token) -> Collection:
    return get_object_or_404(Collection, share_token=token)


def shared_collection(request, token):
    """The read-only page of a shared collection: its name, articles and notes; no owner."""
    collection = _shared(token)
    context = {"collection": collection, "items": listed_items(collection)}
    return render(request, "collections/shared.html", context)


def export_shared_collection(request, token, fmt):
    return export_response(request, _shared(token), fmt)
