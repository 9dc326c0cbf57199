'use client';

import { useActionState } from 'react';
import { ActionMessage } from './ActionMessage';
import type { FormAction } from './ActionMessage';
import { SubmitButton } from './SubmitButton';

export function AddTrackForm({ addTrack }: { addTrack: FormAction }) {
  const [outcome, action] = useActionState(addTrack, undefined);
  return (
    <section className="card admin-panel" aria-labelledby="add-track-title">
      <h2 id="add-track-title">Add a track</h2>
      <form action={action} className="inline-form">
        <label className="field grow">
          <span>SoundCharts uuid</span>
          <input
            name="uuid"
            required
            placeholder="7d534228-5165-11e9-9375-549f35161576"
            pattern="\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*"
            title="A uuid like 7d534228-5165-11e9-9375-549f35161576"
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <SubmitButton pendingLabel="Adding and fetching…">Add track</SubmitButton>
      </form>
      <ActionMessage outcome={outcome} />
    </section>
  );
}
