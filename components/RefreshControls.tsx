'use client';

import { useActionState } from 'react';
import { ActionMessage } from './ActionMessage';
import type { FormAction } from './ActionMessage';
import { SubmitButton } from './SubmitButton';

type PlatformChoice = { slug: string; name: string };

export type RefreshActions = { refreshPlatform: FormAction; refreshAllPlatforms: FormAction };

function RefreshPlatformButton({ trackUuid, platform, refreshPlatform }: { trackUuid: string; platform: PlatformChoice; refreshPlatform: FormAction }) {
  const [outcome, action] = useActionState(refreshPlatform, undefined);
  return (
    <li className="refresh-row">
      <form action={action}>
        <input type="hidden" name="trackUuid" value={trackUuid} />
        <input type="hidden" name="platform" value={platform.slug} />
        <SubmitButton className="button button-small button-quiet" pendingLabel={`Refreshing ${platform.name}…`}>
          Refresh {platform.name}
        </SubmitButton>
      </form>
      <ActionMessage outcome={outcome} />
    </li>
  );
}

function FetchOtherPlatform({ trackUuid, others, refreshPlatform }: { trackUuid: string; others: PlatformChoice[]; refreshPlatform: FormAction }) {
  const [outcome, action] = useActionState(refreshPlatform, undefined);
  return (
    <div className="refresh-row">
      <form action={action} className="inline-form">
        <input type="hidden" name="trackUuid" value={trackUuid} />
        <label className="field">
          <span>Fetch another platform</span>
          <select name="platform" defaultValue={others[0]?.slug}>
            {others.map((platform) => (
              <option key={platform.slug} value={platform.slug}>
                {platform.name}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton className="button button-small button-quiet" pendingLabel="Fetching…">
          Fetch
        </SubmitButton>
      </form>
      <ActionMessage outcome={outcome} />
    </div>
  );
}

/** The admin's refresh buttons on a track page; each shows its own progress and outcome. */
export function RefreshControls({
  trackUuid,
  platforms,
  others,
  actions,
}: {
  trackUuid: string;
  platforms: PlatformChoice[];
  others: PlatformChoice[];
  actions: RefreshActions;
}) {
  const [outcome, action] = useActionState(actions.refreshAllPlatforms, undefined);
  return (
    <section className="card admin-panel" aria-labelledby="refresh-title">
      <h2 id="refresh-title">Refresh from SoundCharts</h2>
      <div className="refresh-row">
        <form action={action}>
          <input type="hidden" name="trackUuid" value={trackUuid} />
          <SubmitButton pendingLabel="Refreshing all platforms…">
            {platforms.length > 0 ? 'Refresh all' : 'Fetch audience'}
          </SubmitButton>
        </form>
        <ActionMessage outcome={outcome} />
      </div>
      {platforms.length > 0 ? (
        <ul className="refresh-list">
          {platforms.map((platform) => (
            <RefreshPlatformButton key={platform.slug} trackUuid={trackUuid} platform={platform} refreshPlatform={actions.refreshPlatform} />
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? <FetchOtherPlatform trackUuid={trackUuid} others={others} refreshPlatform={actions.refreshPlatform} /> : null}
    </section>
  );
}
