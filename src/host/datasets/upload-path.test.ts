import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { MAX_UPLOAD_PATH_DEPTH, uploadPathSegments } from './upload-path';

function refusal(path: string): EnasError {
  try {
    uploadPathSegments(path);
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(path)} was accepted`);
}

describe('upload paths', () => {
  it('accepts relative paths of a dropped file or folder and splits them', () => {
    expect(uploadPathSegments('data.tar.gz')).toEqual(['data.tar.gz']);
    expect(uploadPathSegments('flowers/daisy/1.png')).toEqual(['flowers', 'daisy', '1.png']);
    expect(uploadPathSegments('ptb/.hidden')).toEqual(['ptb', '.hidden']);
    expect(uploadPathSegments('ünïcode/名前.txt')).toEqual(['ünïcode', '名前.txt']);
  });

  it('refuses anything that could climb out of the upload folder or mean something else', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['..', /"\.\." segment/],
      ['a/../../b', /"\.\." segment/],
      ['./a', /"\." segment/],
      ['/etc/passwd', /absolute/],
      ['C:/x', /absolute/],
      ['a\\..\\b', /backslash/],
      ['a\u0000b', /NUL or control/],
      ['a\nb', /NUL or control/],
      ['a//b', /empty segment/],
      ['a/', /empty segment/],
      [Array.from({ length: MAX_UPLOAD_PATH_DEPTH + 1 }, () => 'd').join('/'), /folders deep/],
      ['x'.repeat(256), /over 255 bytes/],
      [`${'d/'.repeat(15)}${'x'.repeat(1000)}`, /over 1024 bytes/],
    ];
    for (const [path, why] of cases) {
      const err = refusal(path);
      expect(err.code, JSON.stringify(path)).toBe('UPLOAD_BAD_PATH');
      expect(err.message, JSON.stringify(path)).toMatch(why);
      expect(err.detail).toEqual({ file: path });
    }
  });
});
