"""The weekly digest: each person's week past and week ahead, from every app's digest sections.

`digest_for` builds one person's email (None when there is nothing to say); `send_weekly_digests`
sends the week's emails, each at most once (a `DigestSent` row, unique per person and week, is
inserted in the transaction that sends it).
"""
