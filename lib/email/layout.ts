/**
 * The marketplace's email look (React Email): a heading, paragraphs, one button, and the footer. Written with
 * createElement rather than JSX so the functions' bundles (amplify/, no JSX setting) build it as plain TypeScript.
 */
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { createElement as h, Fragment, type ReactElement } from 'react';
import type { MessageContent } from './messages';

const brand = '#4f46e5';

export function EmailLayout({ content, unsubscribeUrl }: { content: MessageContent; unsubscribeUrl?: string }): ReactElement {
  return h(
    Html,
    { lang: 'en' },
    h(Head),
    h(Preview, null, content.heading),
    h(
      Body,
      { style: { backgroundColor: '#f6f7fb', fontFamily: 'Helvetica, Arial, sans-serif', color: '#1f2937' } },
      h(
        Container,
        { style: { backgroundColor: '#ffffff', padding: '24px', maxWidth: '560px', borderRadius: '8px' } },
        h(Text, { style: { color: brand, fontWeight: 700, fontSize: '18px', margin: 0 } }, 'Bookwell'),
        h(Heading, { as: 'h1', style: { fontSize: '22px' } }, content.heading),
        ...content.paragraphs.map((p) => h(Text, { key: p, style: { fontSize: '15px', lineHeight: '22px' } }, p)),
        content.action
          ? h(
              Section,
              { style: { margin: '16px 0' } },
              h(
                Button,
                {
                  href: content.action.url,
                  style: { backgroundColor: brand, color: '#ffffff', padding: '10px 16px', borderRadius: '6px' },
                },
                content.action.label,
              ),
            )
          : null,
        h(Hr),
        h(
          Text,
          { style: { fontSize: '12px', color: '#6b7280' } },
          'Bookwell, the services marketplace.',
          unsubscribeUrl ? h(Fragment, null, ' ', h(Link, { href: unsubscribeUrl }, 'Stop these emails')) : null,
        ),
      ),
    ),
  );
}
