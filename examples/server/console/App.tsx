import { useState } from 'preact/hooks';
import { Desk } from './Desk.js';
import { SignIn } from './SignIn.js';
import type { AgentProfile } from './useDesk.js';

const KEY = 'hc-console-agent';

function load(storage: Storage): AgentProfile | undefined {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? 'null') as AgentProfile | null;
    return saved && typeof saved.id === 'string' && typeof saved.name === 'string' ? saved : undefined;
  } catch {
    return undefined;
  }
}

function newAgentId(): string {
  return `agt_${Array.from(crypto.getRandomValues(new Uint32Array(3)), (n) => n.toString(36)).join('')}`;
}

/**
 * The agent console. `presetName` (from `?agent=Alex`) signs in without the
 * form, for demos and end-to-end tests.
 *
 * @example
 * render(<App hubUrl="ws://127.0.0.1:8787/agent" storage={localStorage} />, root)
 */
export function App({ hubUrl, storage, presetName }: { hubUrl: string; storage: Storage; presetName?: string }) {
  const [profile, setProfile] = useState<AgentProfile | undefined>(() => {
    const saved = load(storage);
    if (!presetName) return saved;
    const preset = { id: saved?.name === presetName ? saved.id : newAgentId(), name: presetName, title: 'Support agent' };
    storage.setItem(KEY, JSON.stringify(preset));
    return preset;
  });
  if (!profile) {
    return (
      <SignIn
        onSignIn={(name, title) => {
          const next: AgentProfile = { id: newAgentId(), name, ...(title ? { title } : {}) };
          storage.setItem(KEY, JSON.stringify(next));
          setProfile(next);
        }}
      />
    );
  }
  return (
    <Desk
      url={hubUrl}
      profile={profile}
      onSignOut={() => {
        storage.removeItem(KEY);
        setProfile(undefined);
      }}
    />
  );
}
