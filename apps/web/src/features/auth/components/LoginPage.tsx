import { zodResolver } from '@hookform/resolvers/zod';
import { LoginRequestSchema, type LoginRequest } from '@switchboard/api-contract';
import { useForm } from 'react-hook-form';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { inputClass } from '../../../components/styles';
import { ApiError, errorMessage } from '../../../lib/http';
import { sessionStore } from '../../../lib/session';
import { useLogin } from '../api/login';
import { useSession } from '../hooks/use-session';
import { redirectTarget } from './RequireAuth';

function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'Invalid email or password.';
  if (error instanceof ApiError && error.status === 429) {
    const wait = error.retryAfterSeconds;
    return `Too many sign-in attempts. Try again in ${wait ? `${wait} second${wait === 1 ? '' : 's'}` : 'a minute'}.`;
  }
  return errorMessage(error);
}

export function LoginPage() {
  const session = useSession();
  const location = useLocation();
  const login = useLogin();
  const form = useForm<LoginRequest>({
    resolver: zodResolver(LoginRequestSchema),
    defaultValues: { email: '', password: '' },
  });
  const errors = form.formState.errors;
  const target = redirectTarget(location.state);

  // Signed in (or just signed in): go where the user was heading.
  if (session) return <Navigate to={target} replace />;

  const onSubmit = form.handleSubmit((credentials) =>
    login.mutateAsync(credentials).catch(() => {
      form.setValue('password', '');
      form.setFocus('password');
    }),
  );

  const ended = sessionStore.lastEndReason() === 'expired';

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <title>Sign in · Switchboard</title>
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <span
            aria-hidden="true"
            className="mx-auto grid size-12 place-items-center rounded-xl bg-indigo-600 text-xl font-bold text-white"
          >
            S
          </span>
          <p className="mt-4 text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100">
            Switchboard
          </p>
          <h1 className="mt-1 text-sm text-slate-600 dark:text-slate-400">Sign in to the admin console</h1>
        </div>
        <form
          noValidate
          aria-label="Sign in"
          onSubmit={(event) => void onSubmit(event)}
          className="space-y-5 rounded-lg bg-white dark:bg-slate-900 p-6 shadow-sm ring-1 ring-slate-200 dark:ring-slate-700"
        >
          {ended && !login.error && (
            <StatusMessage testId="session-ended">
              Your session has ended. Please sign in again.
            </StatusMessage>
          )}
          {login.error && <ErrorAlert testId="login-error">{loginErrorMessage(login.error)}</ErrorAlert>}
          <Field label="Email" error={errors.email?.message}>
            {(control) => (
              <input
                {...control}
                {...form.register('email')}
                type="email"
                autoComplete="username"
                inputMode="email"
                spellCheck={false}
                className={inputClass}
              />
            )}
          </Field>
          <Field label="Password" error={errors.password?.message}>
            {(control) => (
              <input
                {...control}
                {...form.register('password')}
                type="password"
                autoComplete="current-password"
                className={inputClass}
              />
            )}
          </Field>
          <Button type="submit" className="w-full" busy={login.isPending}>
            Sign in
          </Button>
        </form>
      </div>
    </main>
  );
}
