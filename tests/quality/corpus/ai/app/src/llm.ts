import OpenAI from "openai";

// Routed through OpenRouter for fallback between providers.
export const router = new OpenAI({
  baseURL: "https://openrouter.ai/api/v1",
  apiKey: "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",
  defaultHeaders: { "HTTP-Referer": "https://chat.internal.example" },
});

export const grok = new OpenAI({
  baseURL: "https://api.x.ai/v1",
  apiKey: "xai-jLFmaVV1xtCTvlHjHpwD8h1QX7NOijwkMe53BA2zFq0DLitvXbZCGty2mo6Fmo66ZxL2Yg19baFIOPW4",
});

export const fallback = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
