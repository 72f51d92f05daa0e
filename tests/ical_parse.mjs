// Parse an iCalendar file with Mozilla's ical.js (the parser of Thunderbird), print what it read as JSON.
// Usage: node tests/ical_parse.mjs FILE   (ical.js pinned in package.json, installed by `make node-tools`)
// Exits non-zero, with the error on stderr, when ical.js cannot read the file.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
if (calendar.name !== "vcalendar") {
  throw new Error(`not a calendar: ${calendar.name}`);
}
const timezones = calendar.getAllSubcomponents("vtimezone").map((component) => {
  const zone = new ICAL.Timezone(component);
  ICAL.TimezoneService.register(zone);
  return zone.tzid;
});
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const start = event.startDate;
  const end = event.endDate;
  return {
    uid: event.uid,
    summary: event.summary,
    start: start.toString(),
    startZone: start.isDate ? null : start.zone.tzid,
    startUtc: start.isDate ? null : start.toJSDate().toISOString(),
    end: end.toString(),
    endUtc: end.isDate ? null : end.toJSDate().toISOString(),
    allDay: start.isDate,
    durationSeconds: event.duration.toSeconds(),
    hasDtend: component.hasProperty("dtend"),
    hasDuration: component.hasProperty("duration"),
  };
});
process.stdout.write(
  JSON.stringify({
    version: calendar.getFirstPropertyValue("version"),
    prodid: calendar.getFirstPropertyValue("prodid"),
    components: calendar.getAllSubcomponents().map((component) => component.name),
    timezones,
    events,
  }),
);
