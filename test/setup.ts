// Loaded before every test file: decorators need the reflection polyfill.
import 'reflect-metadata';
