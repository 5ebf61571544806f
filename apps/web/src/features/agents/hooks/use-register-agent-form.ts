import type { AgentCreate } from '@switchboard/api-contract';
import { useState } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { apiIssuesOf } from '../../../lib/api-issues';
import { ApiError, errorMessage } from '../../../lib/http';
import { useCreateAgent } from '../api/create-agent';
import type { AgentsPageState } from '../components/AgentsPage';
import {
  agentFormResolver,
  defaultAgentFormValues,
  describeIssue,
  formPathOf,
  type AgentFormValues,
} from '../lib/agent-form';

/** The register form: validation with AgentCreateSchema, submit, and server errors put on their fields. */
export function useRegisterAgentForm() {
  const [defaultValues] = useState(defaultAgentFormValues);
  const form = useForm<AgentFormValues, unknown, AgentCreate>({ resolver: agentFormResolver, defaultValues });
  const create = useCreateAgent();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);

  /** Puts the API's field-level problems next to their inputs; the rest goes to the form alert. */
  const showServerError = (error: unknown) => {
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
      // A conflict on create is about the name (AGENT_NAME_TAKEN / AGENT_SLUG_TAKEN).
      form.setError('name', { type: 'server', message: error.message }, { shouldFocus: true });
      return;
    }
    // Everything landed next to a field: nothing else to say.
    if (!focus && unmatched.length === 0) return;
    setFormError(unmatched.length > 0 ? unmatched.join('; ') : errorMessage(error));
  };

  const onSubmit = form.handleSubmit(async (agent) => {
    setFormError(null);
    try {
      const created = await create.mutateAsync(agent);
      const state: AgentsPageState = { notice: `${created.name} was registered.` };
      void navigate('/agents', { state });
    } catch (error) {
      showServerError(error);
    }
  });

  return { form, onSubmit, formError, submitting: form.formState.isSubmitting };
}
