from django.db import connection

QUERIES_HEADER = "X-Bench-Queries"


class QueryCountHeaderMiddleware:
    """Counts the SQL queries a request makes (session and auth included) into a header.

    Installed by bench.settings only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response
