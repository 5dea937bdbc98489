import pytest


@pytest.fixture
def mailable_applicant_a(applicant_a):
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])
    return applicant_a


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on loopback; Django's SMTP backend pointed at it.

    Yields the handler: `.messages` holds each received mail as an `email.message.EmailMessage`,
    `.sessions` how many SMTP connections delivered mail.
    """
    import email
    import email.policy
    import socket
    import threading

    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.messages, self.envelopes, self._sessions = [], [], set()
            self.while_receiving = None  # called, in a thread of its own, as each mail arrives

        @property
        def sessions(self):
            return len(self._sessions)

        async def handle_DATA(self, server, session, envelope):
            self._sessions.add(id(session))
            if self.while_receiving is not None:
                # Off the server's event loop, where Django refuses synchronous database calls.
                worker = threading.Thread(target=self.while_receiving)
                worker.start()
                worker.join()
            self.envelopes.append(envelope)
            self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def silent_smtp_port(settings):
    """A port that accepts connections and never answers: an SMTP server that hangs."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", listener.getsockname()[1], False
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@pytest.fixture
def closed_smtp_port(settings):
    """An SMTP host that refuses every connection."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
