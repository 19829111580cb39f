/** The marketplace's email look (React Email): a heading, paragraphs, one button, and the footer. */
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { MessageContent } from './messages';

const brand = '#4f46e5';

export function EmailLayout({ content, unsubscribeUrl }: { content: MessageContent; unsubscribeUrl?: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{content.heading}</Preview>
      <Body style={{ backgroundColor: '#f6f7fb', fontFamily: 'Helvetica, Arial, sans-serif', color: '#1f2937' }}>
        <Container style={{ backgroundColor: '#ffffff', padding: '24px', maxWidth: '560px', borderRadius: '8px' }}>
          <Text style={{ color: brand, fontWeight: 700, fontSize: '18px', margin: 0 }}>Bookwell</Text>
          <Heading as="h1" style={{ fontSize: '22px' }}>
            {content.heading}
          </Heading>
          {content.paragraphs.map((p) => (
            <Text key={p} style={{ fontSize: '15px', lineHeight: '22px' }}>
              {p}
            </Text>
          ))}
          {content.action ? (
            <Section style={{ margin: '16px 0' }}>
              <Button
                href={content.action.url}
                style={{ backgroundColor: brand, color: '#ffffff', padding: '10px 16px', borderRadius: '6px' }}
              >
                {content.action.label}
              </Button>
            </Section>
          ) : null}
          <Hr />
          <Text style={{ fontSize: '12px', color: '#6b7280' }}>
            Bookwell, the services marketplace.
            {unsubscribeUrl ? (
              <>
                {' '}
                <Link href={unsubscribeUrl}>Stop these emails</Link>
              </>
            ) : null}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
