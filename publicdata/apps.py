from django.apps import AppConfig


class PublicDataConfig(AppConfig):
    name = "publicdata"
    verbose_name = "Public data (GIAS links, Ofsted, exam results, designations)"

    def ready(self) -> None:
        # The imports run as hubs' import runs: queued from the page, followed on the run's page.
        from hubs.models import ImportRun
        from hubs.tasks import import_kind_register
        from publicdata.imports import (
            import_ks2,
            import_ks4,
            import_links,
            import_ofsted,
            result_for_page,
        )

        for kind, importer, page in (
            (ImportRun.Kind.LINKS, import_links, "publicdata:import_links"),
            (ImportRun.Kind.OFSTED, import_ofsted, "publicdata:import_ofsted"),
            (ImportRun.Kind.KS2, import_ks2, "publicdata:import_results"),
            (ImportRun.Kind.KS4, import_ks4, "publicdata:import_results"),
        ):
            import_kind_register(
                kind,
                importer=importer,
                page_result=result_for_page,
                page=page,
                result_template="publicdata/import_result.html",
                progress=True,
            )
