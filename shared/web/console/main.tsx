import { render } from 'preact';
import './console.css';
import { App } from './app.js';

const root = document.getElementById('app');
if (root) render(<App />, root);
