from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "apps.reviews"
    label = "reviews"
    verbose_name = "评审"

    def ready(self):
        from apps.core import events

        # Formal review: who passed a candidate whose checks failed (and why), and each bulk pass.
        events.register("reviews.formal_review.overridden", "形式审查人工核对通过")
        events.register("reviews.formal_review.bulk_passed", "批量通过形式审查")
