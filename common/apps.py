from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class CommonConfig(AppConfig):
    name = "common"

    def ready(self):
        from . import page_cache

        # Visitors' cached pages follow every saved or deleted row of the apps they show (common.page_cache).
        post_save.connect(page_cache.row_changed, dispatch_uid="common_page_cache_saved")
        post_delete.connect(page_cache.row_changed, dispatch_uid="common_page_cache_deleted")
        m2m_changed.connect(page_cache.rows_linked, dispatch_uid="common_page_cache_linked")
