import { ROLES, type ApiTokenCreate, type ApiTokenCreated, type UserRole } from '@switchboard/api-contract';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ErrorAlert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { inputClass } from '../../../components/styles';
import { apiIssuesOf } from '../../../lib/api-issues';
import { toast } from '../../../lib/toast';
import { useCreateToken } from '../api/create-token';
import { defaultTokenFormValues, tokenFormResolver, type TokenFormValues } from '../lib/token-form';

/** Roles a user may give a token: never above their own. */
function grantableRoles(own: UserRole): readonly UserRole[] {
  return own === 'admin' ? ROLES : ['viewer'];
}

export function CreateTokenForm({
  ownRole,
  onCreated,
}: {
  ownRole: UserRole;
  onCreated: (token: ApiTokenCreated) => void;
}) {
  const [defaultValues] = useState(defaultTokenFormValues);
  const form = useForm<TokenFormValues, unknown, ApiTokenCreate>({
    resolver: tokenFormResolver,
    defaultValues,
  });
  const create = useCreateToken();
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit(async (input) => {
    try {
      const created = await create.mutateAsync(input);
      form.reset(defaultValues);
      onCreated(created);
    } catch (error) {
      const issues = apiIssuesOf(error).filter((issue) => issue.path in defaultValues);
      for (const [index, issue] of issues.entries())
        form.setError(
          issue.path as keyof TokenFormValues,
          { type: 'server', message: issue.message },
          {
            shouldFocus: index === 0,
          },
        );
      if (issues.length === 0) toast.error(error, 'Could not create the token');
    }
  });

  return (
    <form
      noValidate
      aria-label="Create API token"
      onSubmit={(event) => void onSubmit(event)}
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto] lg:items-start"
    >
      {errors.root && (
        <div className="sm:col-span-2 lg:col-span-4">
          <ErrorAlert>{errors.root.message}</ErrorAlert>
        </div>
      )}
      <Field label="Name" error={errors.name?.message} hint="What uses it, e.g. ci-pipeline." required>
        {(control) => (
          <input {...control} {...form.register('name')} autoComplete="off" className={inputClass} />
        )}
      </Field>
      <Field label="Role" error={errors.role?.message} hint="Never above your own.">
        {(control) => (
          <select {...control} {...form.register('role')} className={inputClass}>
            {grantableRoles(ownRole).map((role) => (
              <option key={role} value={role}>
                {role === 'admin' ? 'Admin (read and write)' : 'Viewer (read, call agents)'}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Expires after (days)" error={errors.expiresInDays?.message} hint="Empty: never expires.">
        {(control) => (
          <input
            {...control}
            {...form.register('expiresInDays')}
            inputMode="numeric"
            autoComplete="off"
            className={inputClass}
          />
        )}
      </Field>
      <div className="sm:col-span-2 lg:col-span-1 lg:pt-7">
        <Button type="submit" busy={form.formState.isSubmitting} className="w-full lg:w-auto">
          Create token
        </Button>
      </div>
    </form>
  );
}
