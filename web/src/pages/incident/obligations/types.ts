/**
 * Response and request shapes of the obligations API, mirrored from obligations.routes.ts and the
 * engine's scenarioSchema (the facts are the scenario minus aware_at, decisions and met).
 */
import type { DataType } from '../../../../../src/contract/data-types.js';
import type { RecipientKind } from '../../../../../src/contract/obligations.vocabulary.js';

export type Hipaa = 'none' | 'covered_entity' | 'business_associate';
export type EntityRole = 'controller' | 'processor';
export type RiskOfHarm = 'unknown' | 'none' | 'low' | 'high';

export type ObligationFacts = {
  entity: {
    industry: string;
    countries: string[];
    publicly_traded: boolean;
    hipaa: Hipaa;
    financial_institution: boolean;
    card_merchant: boolean;
    role: EntityRole;
  };
  data_encrypted: boolean;
  key_compromised: boolean;
  risk_of_harm: RiskOfHarm;
  law_enforcement_delay: boolean;
  affected: Array<{ jurisdiction: string; count: number; data_types: DataType[] }>;
};

export type FactsResponse = { facts: ObligationFacts | null; version: number | null };

export type ObligationStatus = 'open' | 'met' | 'not_required';
export type Required = 'yes' | 'no' | 'decide';

export type Filing = {
  id: string;
  filed_at: string;
  method: string;
  reference: string;
  note: string;
  evidence_id: string | null;
  filed_by: string;
};

export type ObligationDecision = { required: string; rationale: string; decided_at: string; decided_by: string };

export type Obligation = {
  id: string;
  status: ObligationStatus;
  rule_id: string;
  regime: string;
  regime_name: string;
  jurisdiction: string;
  recipient: RecipientKind;
  recipient_name: string;
  required: Required;
  question: string | null;
  reason: string;
  affected_count: number;
  deadline: {
    kind: 'fixed' | 'without_delay' | 'after' | 'event';
    due_at: string | null;
    rule: string;
    policy_target_at: string | null;
    outer_limit_at: string | null;
    depends_on: string | null;
  };
  content: { must: string[]; must_not: string[] };
  methods: string[];
  substitute_notice: string | null;
  law_enforcement_delay: boolean;
  sources: Array<{ title: string; url: string | null }>;
  confidence: 'high' | 'medium' | 'low';
  last_verified: string;
  notes: string;
  owner_id: string | null;
  owner_email: string | null;
  version: number;
  filings: Filing[];
  decisions: ObligationDecision[];
};

export type Board = { disclaimer: string; rules_last_verified: string | null; obligations: Obligation[] };
