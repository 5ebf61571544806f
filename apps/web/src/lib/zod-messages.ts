import { z } from 'zod';

/**
 * Friendlier wording for the generic zod messages users see in forms. Messages a schema states
 * itself (e.g. "must be an http(s) URL") always win over these.
 */
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'Required';
    if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'Required';
    if (issue.code === 'too_big' && issue.origin === 'string')
      return `Must be at most ${String(issue.maximum)} characters`;
    if (issue.code === 'too_small' && issue.origin === 'number')
      return `Must be at least ${String(issue.minimum)}`;
    if (issue.code === 'too_big' && issue.origin === 'number')
      return `Must be at most ${String(issue.maximum)}`;
    if (issue.code === 'invalid_type' && issue.expected === 'int') return 'Must be a whole number';
    if (issue.code === 'invalid_type' && issue.expected === 'number' && Number.isNaN(issue.input))
      return 'Must be a number';
    if (issue.code === 'invalid_format' && issue.format === 'email') return 'Enter a valid email address';
    return undefined;
  },
});
