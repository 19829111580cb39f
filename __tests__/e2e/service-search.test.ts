/**
 * Searching services in the browser: the filters go to the server (SEARCH_SERVICES) and into the URL, so the back
 * and forward buttons bring each search back with its form filled in. No sign-in: the search is public.
 */
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from '../setup/browser';
import '../setup/provided';

const session = useBrowserSession(inject('baseURL'));

describe('service search', () => {
  it('filters on the server, keeps the state in the URL, and back/forward restore it', async () => {
    const p = session.page;
    const titles = () => p.getByRole('article').getByRole('heading').allInnerTexts();
    await p.goto('/services');
    await p.getByRole('article').first().waitFor();
    const all = await titles();
    expect(all).toEqual(expect.arrayContaining(['Private Yoga Class', 'Deep Home Cleaning', 'Portrait Photography Session']));

    await p.getByLabel('Words in the title').fill('yoga');
    await p.getByRole('button', { name: 'Search' }).click();
    await p.waitForURL((u) => u.searchParams.get('q') === 'yoga');
    await expect.poll(titles).toEqual(['Private Yoga Class']);

    await p.getByLabel('Highest price').fill('40');
    await p.getByRole('button', { name: 'Search' }).click();
    await p.waitForURL((u) => u.searchParams.get('maxPrice') === '4000');
    await p.getByRole('heading', { name: 'No services match your search' }).waitFor();

    await p.getByLabel('Words in the title').fill('');
    await p.getByLabel('Highest price').fill('');
    await p.getByLabel('Category').fill('home');
    await p.getByRole('button', { name: 'Search' }).click();
    await p.waitForURL((u) => u.searchParams.get('category') === 'home');
    await expect.poll(titles).toEqual(['Deep Home Cleaning']);

    await p.goBack();
    await p.getByRole('heading', { name: 'No services match your search' }).waitFor();
    expect(await p.getByLabel('Highest price').inputValue()).toBe('40');
    await p.goBack();
    await expect.poll(titles).toEqual(['Private Yoga Class']);
    expect(await p.getByLabel('Words in the title').inputValue()).toBe('yoga');
    expect(await p.getByLabel('Highest price').inputValue()).toBe('');
    await p.goBack();
    await expect.poll(async () => (await titles()).length).toBe(all.length);
    await p.goForward();
    await expect.poll(titles).toEqual(['Private Yoga Class']);
  });
});
