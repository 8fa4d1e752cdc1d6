"""What the customer wrote: HTML made plain text, quoted history and signatures cut off.

``mail-parser-reply`` knows the quote headers of English, Spanish, French, Italian, German and
Chinese; the ones it lacks (Portuguese, Russian, the "在 … 写道" and "… 于 … 写道" forms of QQ Mail,
Foxmail and Gmail in Chinese, Yandex's "date, name <address>:", separators of QQ and Outlook and
their Portuguese / Russian header blocks) are cut here first, at the first such line.
"""

import re
from html.parser import HTMLParser

from mailparser_reply import EmailReplyParser

PARSER = EmailReplyParser(languages=["en", "es", "fr", "it", "de", "zh"])
QUOTE = r"^[> ]*"
HEADERS = re.compile(
    "|".join(
        [
            QUOTE + r"(?:On|El|Em|Il) .{4,200} (?:wrote|escribió|escreveu|ha scritto)\s?:\s*$",
            QUOTE + r"Le .{4,200} a écrit\s?:\s*$",
            r"^(?:Sent from my|Envoyé de mon|Enviado desde mi|Enviado do meu|Inviato da"
            + r"|Отправлено с|Отправлено из|发自我的)\b.*$",
            QUOTE + r".{4,200}\s(?:пишет|писал\(а\)|написал\(а\)|написал|написала):\s*$",
            QUOTE + r"在\s?.{2,200}写道[:：]\s*$",
            QUOTE + r".{2,200}于\s?\d{4}.{2,100}写道[:：]\s*$",
            QUOTE + r"\d{1,2}\.\d{1,2}\.\d{2,4},? \d{1,2}:\d{2},? .{1,200}:\s*$",
            QUOTE + r"-{3,}\s*(?:原始邮件|Original Message|Исходное сообщение|Mensagem original)",
            QUOTE + r"-{3,}\s*(?:Пересылаемое сообщение|Forwarded message)",
            QUOTE
            + r"(?:De|От|Von|Da|From|发件人|寄件者):\s.*\n"
            + QUOTE
            + r"(?:Enviad[oa]|Отправлено|Gesendet|Inviato|Sent|Date|Data|Дата|发送时间|日期)[:：]",
        ]
    ),
    re.MULTILINE | re.IGNORECASE,
)
BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "blockquote", "table"}
SKIPPED = {"script", "style", "head", "title"}


def reply_text(text: str) -> str:
    """The newest part of a reply: what is above the first quote header, without signature."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    found = HEADERS.search(text)
    if found is not None:
        text = text[: found.start()].rstrip()
    reply = (PARSER.parse_reply(text=text) if text else "") or text
    # Quoted lines the parser left (bottom-quoting with no header, inline answers) go too.
    return _tidy("\n".join(line for line in reply.split("\n") if not line.startswith(">")))


def html_to_text(html: str) -> str:
    """Plain text of an HTML body: no markup, no scripts or styles, quoted blocks dropped."""
    reader = _Text()
    reader.feed(html or "")
    reader.close()
    return _tidy("".join(reader.parts))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.quoted = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        if tag == "blockquote":
            self.quoted += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1
        if tag == "blockquote" and self.quoted:
            self.quoted -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping and not self.quoted:
            self.parts.append(data)
