import { useEffect, useState } from 'react';
import { useRoute } from './navigation.ts';
import { openStorage, type StorageStatus } from './persistence/storage.ts';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { SessionScreen } from './screens/SessionScreen.tsx';
import { AboutDialog } from './components/AboutDialog.tsx';
import { platform } from './platform/current-platform.ts';
import { useTheme } from './theme.ts';
import { appCommands } from './app-commands.ts';
import { QuestionHost } from './components/confirm.tsx';
import { ImportReportDialog } from './import/ImportReportDialog.tsx';
import { useFileDrop } from './file-drop.ts';
import { ProgressDialog } from './jobs/ProgressDialog.tsx';
import { Notices } from './components/Notices.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { navigate } from './navigation.ts';
import { JoinScreen } from './live/JoinScreen.tsx';

export function App() {
  const route = useRoute();
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  useTheme();
  useFileDrop(storage);

  useEffect(() => {
    let alive = true;
    void openStorage().then((status) => alive && setStorage(status));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(
    () =>
      platform.onMenuCommand((command) => {
        if (command === 'about') setAboutOpen(true);
        else if (storage) void appCommands.run(command, storage);
      }),
    [storage],
  );

  useEffect(
    () => (storage ? platform.onOpenFile((file) => void appCommands.openSessionText(storage, file.fileName, file.content)) : undefined),
    [storage],
  );

  // A participant's browser, opened from a join link (#room=…&key=…): the live room, nothing else.
  if (route.name === 'join') return <JoinScreen hash={window.location.hash} />;
  if (!storage) {
    return (
      <div className="loading" role="status">
        Opening Threatstorm…
      </div>
    );
  }
  return (
    <>
      {!storage.ok && (
        <div className="banner banner-warning" role="alert">
          {storage.message}
        </div>
      )}
      {/* The app frame never scrolls: each screen fills what is left and scrolls inside its
          panels. Messages dock below it, so they never cover a control. */}
      <ErrorBoundary key={route.name === 'session' ? route.id : 'home'} what="This screen" back={{ label: 'Back to sessions', run: () => navigate({ name: 'home' }) }}>
        {route.name === 'session' ? (
          <SessionScreen key={route.id} sessionId={route.id} storage={storage} />
        ) : (
          <HomeScreen storage={storage} onAbout={() => setAboutOpen(true)} />
        )}
      </ErrorBoundary>
      <Notices />
      {aboutOpen && <AboutDialog onClose={() => setAboutOpen(false)} />}
      <QuestionHost />
      <ImportReportDialog />
      <ProgressDialog />
    </>
  );
}
