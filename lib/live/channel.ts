/** The NOTIFY channel of audience changes; the payload is the change's id, a wake-up call only. */
export const AUDIENCE_CHANGES_CHANNEL = 'audience_changes';
