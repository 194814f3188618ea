/**
 * One broken view must never take the session with it: each view (the canvas workspace, Insights,
 * Backlog, Report, a snapshot, every dialog) sits inside its own boundary. When a view throws
 * while rendering, the rest of the app keeps working and the view shows a plain message, the
 * details to copy for a bug report, and the way back.
 */
import { Component, useId, useState, type ErrorInfo, type ReactNode } from 'react';

export interface WayBack {
  label: string;
  run(): void;
}

interface Props {
  /** What failed, as the person knows it: "The report", "This dialog". */
  what: string;
  back: WayBack;
  children: ReactNode;
}

interface State {
  error: Error | null;
  componentStack: string;
}

function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : 'A value that is not an Error was thrown.');
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, componentStack: '' };

  static getDerivedStateFromError(thrown: unknown): Partial<State> {
    return { error: asError(thrown) };
  }

  override componentDidCatch(_thrown: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? '' });
  }

  private readonly retry = () => this.setState({ error: null, componentStack: '' });

  override render(): ReactNode {
    const { error, componentStack } = this.state;
    if (!error) return this.props.children;
    return <ViewFailed what={this.props.what} back={this.props.back} details={errorDetails(this.props.what, error, componentStack)} onRetry={this.retry} />;
  }
}

/** The text a person pastes into a bug report: no session content, only what broke and where. */
export function errorDetails(what: string, error: Error, componentStack: string): string {
  return [
    `Threatstorm ${__APP_VERSION__}`,
    `View: ${what}`,
    `Error: ${error.name}: ${error.message}`,
    error.stack ? `Stack:\n${error.stack}` : '',
    componentStack.trim() ? `Components:\n${componentStack.trim()}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function ViewFailed({ what, back, details, onRetry }: { what: string; back: WayBack; details: string; onRetry(): void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const titleId = useId();
  const copy = () => {
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clipboard) return setCopied('failed');
    clipboard.writeText(details).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="view-failed" role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>{what} could not be shown</h2>
      <p>
        Something went wrong while drawing it. Your work is not affected: everything else keeps working and keeps saving. Go back and carry on; if it
        happens again, copy the details and send them to whoever looks after Threatstorm.
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={back.run}>
          {back.label}
        </button>
        <button type="button" className="button" onClick={copy}>
          Copy details
        </button>
        <button type="button" className="button button-quiet" onClick={onRetry}>
          Try again
        </button>
      </div>
      <p className="field-hint" role="status">
        {copied === 'yes' ? 'The details are on the clipboard.' : copied === 'failed' ? 'The clipboard is not available here: select the details below and copy them.' : ''}
      </p>
      <details className="view-failed-details" open={copied === 'failed'}>
        <summary>Details</summary>
        <pre>{details}</pre>
      </details>
    </section>
  );
}
