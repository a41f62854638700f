import type { DecisionDraft } from './decisions.service.js';

/** Ready-made decisions for the e-commerce data-leak playbook. Weights 1–5; scores 0–5 (higher = better). */
export const decisionTemplates: Record<string, DecisionDraft> = {
  take_storefront_offline: {
    question: 'Take the storefront offline?',
    rationale: '',
    options: [
      {
        key: 'offline',
        label: 'Take the whole site offline',
        description: 'Replace the shop with a maintenance page until the leak is fixed.',
      },
      {
        key: 'partial',
        label: 'Disable the affected feature only',
        description: 'Keep browsing and checkout, switch off the pages or API that leak customer data.',
      },
      { key: 'online', label: 'Keep the site online', description: 'Leave everything running and monitor while investigating.' },
    ],
    criteria: [
      { key: 'exposure', name: 'Stops ongoing exposure of customer data', weight: 5 },
      { key: 'evidence', name: 'Preserves evidence (logs, server state)', weight: 4 },
      { key: 'revenue', name: 'Limits revenue impact', weight: 2 },
      { key: 'reputation', name: 'Limits reputation impact', weight: 3 },
      { key: 'support', name: 'Keeps support and status information reachable', weight: 3 },
    ],
    scores: {
      exposure: { offline: 5, partial: 4, online: 0 },
      evidence: { offline: 4, partial: 3, online: 2 },
      revenue: { offline: 0, partial: 3, online: 5 },
      reputation: { offline: 3, partial: 4, online: 1 },
      support: { offline: 2, partial: 4, online: 5 },
    },
  },
};
