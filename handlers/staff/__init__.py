"""Staff handlers (staff group and staff private chats): queue, review, ranking, announce, reports."""
