# python3-caldav against nymote: discovery from /.well-known, a new calendar, an event with a
# recurrence, a time-range query, a delete. Prints one line per step; the test reads them.
import datetime
import sys

import caldav

url, user, password, cert = sys.argv[1:5]
client = caldav.DAVClient(url=url, username=user, password=password, ssl_verify_cert=cert)
principal = client.principal()
print("calendars", " ".join(sorted(str(c.url) for c in principal.calendars())))
calendar = principal.make_calendar(name="Work", cal_id="work")
event = calendar.save_event("""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//nymote test//EN
BEGIN:VEVENT
UID:standup
DTSTAMP:20260101T000000Z
DTSTART:20260302T090000Z
DTEND:20260302T091500Z
RRULE:FREQ=DAILY;COUNT=10
SUMMARY:Standup
END:VEVENT
END:VCALENDAR
""")
utc = datetime.timezone.utc
hit = calendar.date_search(
    start=datetime.datetime(2026, 3, 5, tzinfo=utc),
    end=datetime.datetime(2026, 3, 6, tzinfo=utc), expand=True)
print("in range", len(hit), " ".join(str(e.vobject_instance.vevent.summary.value) for e in hit))
miss = calendar.date_search(
    start=datetime.datetime(2026, 4, 1, tzinfo=utc), end=datetime.datetime(2026, 4, 2, tzinfo=utc))
print("out of range", len(miss))
event.delete()
print("after delete", len(calendar.events()))
