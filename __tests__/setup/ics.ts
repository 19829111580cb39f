/** Reads an .ics file back (RFC 5545: unfolded lines, the first VEVENT's properties) to check what calendars will see. */
export interface ParsedInvite {
  method?: string;
  uid?: string;
  sequence?: number;
  dtstart?: string;
  dtend?: string;
  status?: string;
  summary?: string;
}

export function parseIcs(text: string): ParsedInvite {
  // a line starting with a space or tab continues the previous one
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r?\n/);
  const top: Record<string, string> = {};
  const event: Record<string, string> = {};
  let inEvent = false;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') inEvent = true;
    else if (line === 'END:VEVENT') inEvent = false;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).split(';')[0]!.toUpperCase();
    const value = line.slice(colon + 1);
    (inEvent ? event : top)[name] ??= value;
  }
  return {
    ...(top.METHOD ? { method: top.METHOD } : {}),
    ...(event.UID ? { uid: event.UID } : {}),
    ...(event.SEQUENCE ? { sequence: Number(event.SEQUENCE) } : {}),
    ...(event.DTSTART ? { dtstart: event.DTSTART } : {}),
    ...(event.DTEND ? { dtend: event.DTEND } : {}),
    ...(event.STATUS ? { status: event.STATUS } : {}),
    ...(event.SUMMARY ? { summary: event.SUMMARY } : {}),
  };
}

/** `20270314T063000Z` for an ISO instant: how a UTC DTSTART is written. */
export const icsUtc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
