import { useState } from 'preact/hooks';

/**
 * Asks the agent's name once; the console remembers it in this browser.
 *
 * @example
 * <SignIn onSignIn={(name, title) => save({ name, title })} />
 */
export function SignIn({ onSignIn }: { onSignIn(name: string, title?: string): void }) {
  const [name, setName] = useState('');
  const [title, setTitle] = useState('Support agent');
  return (
    <main class="sign-in">
      <h1>Fernway agent console</h1>
      <p>Customers see your name when you join their conversation.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSignIn(name.trim(), title.trim() || undefined);
        }}
      >
        <label for="agent-name">Your name</label>
        <input id="agent-name" data-testid="agent-name-input" value={name} required maxLength={200} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        <label for="agent-title">Shown under your name</label>
        <input id="agent-title" data-testid="agent-title-input" value={title} maxLength={200} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" class="primary" data-testid="agent-sign-in">
          Start answering
        </button>
      </form>
    </main>
  );
}
