from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import DocumentVersion
from .services import stored_file_delete_on_commit


@receiver(post_delete, sender=DocumentVersion, dispatch_uid="documents.version_file_cleanup")
def delete_version_file(sender, instance: DocumentVersion, **kwargs) -> None:
    # Deleting a document (admin, cascade) deletes its versions: their files go with them, after the commit.
    stored_file_delete_on_commit(name=instance.file.name)
