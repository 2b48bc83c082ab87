"""The forms of readers' collections: add an article (to one of theirs or a new one), name a
collection, and write an item's note.

The add form offers only the reader's own collections, so another reader's collection id is
refused like any other wrong choice.
"""

from django import forms
from django.conf import settings

from .models import Collection, CollectionItem


class AddToCollectionForm(forms.Form):
    collection = forms.ModelChoiceField(
        queryset=Collection.objects.none(),
        required=False,
        label="Collection",
        empty_label="A new collection…",
    )
    new_name = forms.CharField(max_length=200, required=False, label="New collection’s name")
    note = forms.CharField(
        max_length=2000, required=False, label="Note", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["collection"].queryset = owner.collections.all()

    def clean(self):
        cleaned = super().clean()
        chosen, new_name = cleaned.get("collection"), cleaned.get("new_name", "").strip()
        if chosen is None and not new_name and not self.errors:
            raise forms.ValidationError("Choose a collection, or name a new one.")
        if (
            chosen is None
            and new_name
            and _full(self.owner.collections, settings.COLLECTIONS_PER_READER)
        ):
            raise forms.ValidationError(
                "You have as many collections as one account may keep: delete one first."
            )
        if chosen is not None and _full(chosen.items, settings.ARTICLES_PER_COLLECTION):
            raise forms.ValidationError(
                f"“{chosen.name}” holds as many articles as a collection may: "
                "remove one first, or choose another."
            )
        cleaned["new_name"] = new_name
        return cleaned

    def add(self, article) -> tuple[CollectionItem, bool]:
        """Add the article (after is_valid()); return the item and whether it is new."""
        collection = self.cleaned_data["collection"] or self.owner.collections.create(
            name=self.cleaned_data["new_name"]
        )
        item, created = collection.items.get_or_create(
            article=article, defaults={"note": self.cleaned_data["note"]}
        )
        return item, created


def _full(related, limit: int) -> bool:
    return related.count() >= limit


class CollectionNameForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ("name",)


class NoteForm(forms.ModelForm):
    class Meta:
        model = CollectionItem
        fields = ("note",)
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
