"""An editor's corrections of an article's tags, as the admin's tag inline saves them.

What an editor expects, whatever the tag's origin (from the source, found in the text):

- A tag taken off stays off: the article remembers it (DismissedTag), and neither the name
  finder nor a re-import of a changed file puts it back.
- A tag added by hand is the editor's ("added by an editor"): no import or finder run
  replaces it, and adding a tag that was taken off before lifts that dismissal.
- Choosing another tag on a row (a place "Jordan" made the person "Jordan": another kind)
  takes the old tag off as above and adds the new one as the editor's.
"""

from .models import ArticleTag, DismissedTag


def save_tag_formset(formset) -> None:
    """Save the admin's tag inline of one article with the rules above."""
    links = formset.save(commit=False)
    for link in formset.deleted_objects:
        _dismiss(link.article_id, link.tag_id)
        link.delete()
    for link in links:
        if link.pk:
            before = ArticleTag.objects.filter(pk=link.pk).values_list("tag_id", flat=True).first()
            if before and before != link.tag_id:
                _dismiss(link.article_id, before)
        link.origin = ArticleTag.Origin.EDITOR
        DismissedTag.objects.filter(article_id=link.article_id, tag_id=link.tag_id).delete()
        link.save()


def _dismiss(article_id: int, tag_id: int) -> None:
    DismissedTag.objects.get_or_create(article_id=article_id, tag_id=tag_id)
