import type { AgentCreate, AgentRead, AgentUpdate } from '@switchboard/api-contract';
import { useState } from 'react';
import { useForm, type FieldPath, type UseFormReturn } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { apiIssuesOf } from '../../../lib/api-issues';
import { ApiError, errorMessage } from '../../../lib/http';
import { useCreateAgent } from '../api/create-agent';
import { useUpdateAgent } from '../api/update-agent';
import {
  agentEditResolver,
  agentFormResolver,
  agentFormValuesOf,
  defaultAgentFormValues,
  describeIssue,
  formPathOf,
  type AgentFormValues,
} from '../lib/agent-form';
import { savedAgentState } from '../lib/agents-page-state';

/** Puts the API's field-level problems next to their inputs; returns what is left for the form alert. */
function serverErrorShower(form: UseFormReturn<AgentFormValues, unknown, unknown>) {
  return (error: unknown): string | null => {
    const values = form.getValues();
    const unmatched: string[] = [];
    let focus = true;
    for (const issue of apiIssuesOf(error)) {
      const path = formPathOf(issue.path, values);
      if (!path) {
        unmatched.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
        continue;
      }
      const message = describeIssue(issue.path, issue.message, values);
      // `authHeaders.root` is RHF's field-array error slot; setError's name type leaves it out.
      form.setError(path as FieldPath<AgentFormValues>, { type: 'server', message }, { shouldFocus: focus });
      focus = false;
    }
    if (focus && error instanceof ApiError && error.status === 409) {
      // A conflict on save is about the name (AGENT_NAME_TAKEN / AGENT_SLUG_TAKEN).
      form.setError('name', { type: 'server', message: error.message }, { shouldFocus: true });
      return null;
    }
    // Everything landed next to a field: nothing else to say.
    if (!focus && unmatched.length === 0) return null;
    return unmatched.length > 0 ? unmatched.join('; ') : errorMessage(error);
  };
}

/** The register form: validation with AgentCreateSchema, submit, and server errors put on their fields. */
export function useRegisterAgentForm() {
  const [defaultValues] = useState(defaultAgentFormValues);
  const form = useForm<AgentFormValues, unknown, AgentCreate>({ resolver: agentFormResolver, defaultValues });
  const create = useCreateAgent();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const showServerError = serverErrorShower(form);

  const onSubmit = form.handleSubmit(async (agent) => {
    setFormError(null);
    try {
      const created = await create.mutateAsync(agent);
      void navigate('/agents', { state: savedAgentState(created, `${created.name} was registered.`) });
    } catch (error) {
      setFormError(showServerError(error));
    }
  });

  return { form, onSubmit, formError, submitting: form.formState.isSubmitting };
}

/**
 * The edit form of a stored agent: validation with AgentUpdateSchema; secrets left empty keep the
 * stored ones (no `auth` is sent).
 */
export function useEditAgentForm(agent: AgentRead) {
  const [defaultValues] = useState(() => agentFormValuesOf(agent));
  const [resolver] = useState(() => agentEditResolver(agent));
  const form = useForm<AgentFormValues, unknown, AgentUpdate>({ resolver, defaultValues });
  const update = useUpdateAgent();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const showServerError = serverErrorShower(form);

  const onSubmit = form.handleSubmit(async (patch) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync({ id: agent.id, patch });
      void navigate('/agents', { state: savedAgentState(saved, `${saved.name} was saved.`) });
    } catch (error) {
      setFormError(showServerError(error));
    }
  });

  return { form, onSubmit, formError, submitting: form.formState.isSubmitting };
}
